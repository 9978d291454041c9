"""The server window's announcements: ServerDiscovery (mDNS and the UDP
beacon) while the server listens, a sentence under the addresses saying where
it is announced or why not, and the beacon's datagrams in the event log, as
datagrams: no connection, no state, and any of them may be lost.

Started by the program (windows_main.py), not by the window: a window made by
a test or a tool announces nothing unless asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel

from .discovery_settings import add_discovery_settings_action
from .event_log_model import MESSAGE

if TYPE_CHECKING:
    from ..net.discovery import ServerDiscovery

ADDRESS_ROW = 1  # the central layout's row of "Clients connect to:"; the sentence goes below


class ServerAnnouncements(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.discovery: ServerDiscovery | None = None
        self._overrides: dict[str, Any] = {}
        self.label = QLabel(window)
        self.label.setObjectName("discovery_status")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Discovery status"))
        self.label.hide()
        window.centralWidget().layout().insertWidget(ADDRESS_ROW + 1, self.label)
        add_discovery_settings_action(window, self.restart)

    def start(
        self,
        enabled: bool | None = None,
        interfaces: list[str] | None = None,
        udp_port: int | None = None,
    ) -> None:
        """Announce while the server listens. Arguments given (the command line's
        flags) win over the settings for this run."""
        self._overrides = {k: v for k, v in
                           (("enabled", enabled), ("interfaces", interfaces),
                            ("udp_port", udp_port)) if v is not None}
        self._start()

    def _setting(self, name: str, default: Any) -> Any:
        if name in self._overrides:
            return self._overrides[name]
        settings = self.window.settings
        return getattr(settings, "discovery_" + name) if settings is not None else default

    def _start(self) -> None:
        if self.discovery is not None:
            return
        self.label.show()
        if not self._setting("enabled", True):
            self.label.setText(self.tr(
                "Not announced on the network: discovery is off (View > Discovery settings…)."))
            return
        from ..net.discovery import ServerDiscovery

        interfaces = self._setting("interfaces", []) or None
        port = self._setting("udp_port", None)
        discovery = ServerDiscovery(self.window.server, interfaces, port, parent=self)
        discovery.status_changed.connect(self.label.setText)
        discovery.datagram_seen.connect(self._on_discovery_datagram_seen)
        self.discovery = discovery
        discovery.start()
        self.label.setText(discovery.status or self.tr(
            "Not announced yet: the server is not listening."))

    def stop(self) -> None:
        if self.discovery is not None:
            self.discovery.stop()  # kept till the window goes: see ServerDiscovery._stop
            self.discovery = None

    def restart(self) -> None:
        """The settings changed: they win now, over the flags of the start."""
        self._overrides = {}
        self.stop()
        self._start()

    def _on_discovery_datagram_seen(self, direction: str, peer: str, size: int,
                                    summary: str) -> None:
        sent = direction == "sent"
        signal = (self.tr("UDP datagram sent to %1") if sent
                  else self.tr("UDP datagram from %1")).replace("%1", peer)
        detail = (self.tr("%1 bytes: %2. A datagram has no connection and no state, "
                          "and it may be lost on the way.")
                  .replace("%1", str(size)).replace("%2", summary))
        self.window.event_log.model.log(
            self.tr("UDP beacon"), signal, "sendto()" if sent else "recvfrom()", MESSAGE,
            detail=detail,
        )
