"""The client window's discovery: a ServerFinder feeding the connect page's
"On this network" list, the "Scan this network" button, and View > Discovery
settings….

Started by the program (windows_main.py), not by the window itself: a window
made by a test or a tool looks for nothing unless asked, and the discovery
code (zeroconf, asyncio) is imported only once the window is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject

from ..protocol.advert import FoundServer
from .discovery_settings import add_discovery_settings_action

if TYPE_CHECKING:
    from ..net.discovery import ServerFinder
    from ..net.subnet_scan import SubnetScan


class ClientDiscovery(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.list = window.connect_page.found
        self.finder: ServerFinder | None = None
        self.scan: SubnetScan | None = None
        self._flags: tuple[list[str] | None, int | None] = (None, None)
        self.list.scan_requested.connect(self.start_scan)
        self.list.scan_cancel_requested.connect(self.cancel_scan)
        add_discovery_settings_action(window, self.restart)
        window.installEventFilter(self)

    @property
    def settings(self) -> Any:
        return self.window.settings

    def _interfaces(self) -> list[str] | None:
        if self._flags[0] is not None:
            return self._flags[0]
        return (self.settings.discovery_interfaces or None) if self.settings else None

    def start(self, interfaces: list[str] | None = None, udp_port: int | None = None) -> None:
        """Look for servers; arguments given (the command line's flags) win over
        the settings until the settings are changed in the window."""
        self._flags = (interfaces, udp_port)
        self._start()

    def _start(self) -> None:
        if self.finder is not None:
            return
        if self.settings is not None and not self.settings.discovery_enabled:
            self.list.set_status(self.tr(
                "Looking for servers is off (View > Discovery settings…)."))
            return
        from ..net.discovery import ServerFinder

        port = self._flags[1] or (self.settings.discovery_udp_port if self.settings else None)
        finder = ServerFinder(self._interfaces(), port, parent=self)
        finder.server_found.connect(self._on_finder_server_found)
        finder.server_changed.connect(self._on_finder_server_found)
        finder.server_gone.connect(self.list.remove)
        finder.status_changed.connect(self.list.set_status)
        self.finder = finder
        finder.start()
        self.list.set_status(finder.status)

    def stop(self) -> None:
        if self.finder is not None:
            self.finder.stop()  # kept till the window goes: see ServerDiscovery._stop
            self.finder = None
        self.cancel_scan()

    def restart(self) -> None:
        self._flags = (None, None)
        self.stop()
        self.list.clear()
        self._start()

    def _on_finder_server_found(self, found: FoundServer) -> None:
        self.list.show_found(found)

    # --- Scan this network ----------------------------------------------------------

    def start_scan(self) -> None:
        if self.scan is not None and self.scan.running:
            return
        from ..net.subnet_scan import SubnetScan

        scan = SubnetScan(self.window.port_spin.value(), self._interfaces(), self)
        scan.started.connect(self._on_scan_started)
        scan.found.connect(self.list.add_scanned)
        scan.progress.connect(self.list.set_scan_progress)
        scan.finished.connect(self._on_scan_finished)
        self.scan = scan
        self.list.set_scanning(True)
        if not scan.start():
            self.list.set_scanning(False)
            self.list.set_status(self.tr("There is no network to scan on this machine."))

    def cancel_scan(self) -> None:
        if self.scan is not None and self.scan.running:
            self.scan.cancel()

    def _on_scan_started(self, total: int, sentences: list[str]) -> None:
        told = self.tr("Scanning %n addresses for the chat port…", "", total)
        self.list.set_status(" ".join([told, *sentences]))

    def _on_scan_finished(self, found: int, cancelled: bool) -> None:
        self.list.set_scanning(False)
        told = self.tr("Scan stopped: %n found.", "", found) if cancelled else self.tr(
            "Scan finished: %n found.", "", found)
        self.list.set_status(told)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False
