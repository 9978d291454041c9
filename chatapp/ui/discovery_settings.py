"""View > Discovery settings…: on or off, which networks, the UDP beacon's port.

The same settings serve both windows (the server announces where the client
looks); a change applies at once: the window restarts its discovery.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


def interface_choices() -> list[tuple[str, str]]:
    """(name, "name (addresses)") for every interface that is up, loopback included
    (a teacher may want to try discovery on one machine)."""
    choices = []
    for interface in QNetworkInterface.allInterfaces():
        if not interface.flags() & QNetworkInterface.InterfaceFlag.IsUp:
            continue
        addresses = [
            entry.ip().toString() for entry in interface.addressEntries()
            if entry.ip().protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
        ]
        if addresses:
            choices.append((interface.name(), f"{interface.name()} ({', '.join(addresses)})"))
    return choices


class DiscoverySettingsDialog(QDialog):
    changed = Signal()  # saved: discovery should start again with the new settings

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Discovery settings"))
        layout = QVBoxLayout(self)
        self.enabled_box = QCheckBox(
            self.tr("&Find servers on the network, and announce this one (mDNS and UDP beacon)"),
            self,
        )
        self.enabled_box.setChecked(settings.discovery_enabled)
        layout.addWidget(self.enabled_box)
        form = QFormLayout()
        self.interface_list = QListWidget(self)
        self.interface_list.setAccessibleName(self.tr("Networks to use"))
        chosen = set(settings.discovery_interfaces)
        names = set()
        for name, label in interface_choices():
            names.add(name)
            self._add_interface(name, label, name in chosen)
        for name in sorted(chosen - names):  # chosen before, not up now: kept, and said so
            self._add_interface(name, self.tr("%1 (not up now)").replace("%1", name), True)
        networks_label = QLabel(self.tr("&Networks:"), self)
        networks_label.setBuddy(self.interface_list)
        form.addRow(networks_label, self.interface_list)
        hint = QLabel(self.tr("None ticked: every network that is up, this machine's "
                              "loopback left out."), self)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow("", hint)
        self.port_spin = QSpinBox(self)
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(settings.discovery_udp_port)
        self.port_spin.setAccessibleName(self.tr("UDP beacon port"))
        port_label = QLabel(self.tr("UDP beacon &port:"), self)
        port_label.setBuddy(self.port_spin)
        form.addRow(port_label, self.port_spin)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_interface(self, name: str, label: str, checked: bool) -> None:
        item = QListWidgetItem(label, self.interface_list)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_interfaces(self) -> list[str]:
        items = (self.interface_list.item(row) for row in range(self.interface_list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        self.settings.discovery_enabled = self.enabled_box.isChecked()
        self.settings.discovery_interfaces = self.chosen_interfaces()
        self.settings.discovery_udp_port = self.port_spin.value()
        self.settings.sync()
        super().accept()
        self.changed.emit()


def add_discovery_settings_action(window: QMainWindow, on_changed: Callable[[], None]) -> QAction:
    """View > Discovery settings…, after Language and Theme (the other settings)."""
    action = QAction(window.tr("&Discovery settings…"), window)
    dialogs: list[DiscoverySettingsDialog] = []

    def open_dialog() -> None:
        settings = getattr(window, "settings", None)
        if settings is None:
            return
        dialog = DiscoverySettingsDialog(settings, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(on_changed)
        dialogs[:] = [dialog]
        dialog.open()

    action.triggered.connect(open_dialog)
    action.setEnabled(getattr(window, "settings", None) is not None)
    view_menu = window.menuBar().actions()[1].menu()
    view_menu.addSeparator()
    view_menu.addAction(action)
    window.discovery_settings_action = action  # type: ignore[attr-defined]
    return action
