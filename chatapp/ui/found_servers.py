"""The connect page's "On this network" list: servers found by discovery (or by
"Scan this network"), each a row that one click (or Enter) connects to.

A row shows the server's name, address and port, how many are in the room, a
lock when the room wants a password, and the start of its TLS fingerprint
when it has one. Rows come and go as ClientDiscovery (client_discovery.py)
tells; this widget only shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..protocol.advert import FoundServer
from .icons import icon

LIST_ROWS = 4
KEY_ROLE = Qt.ItemDataRole.UserRole  # the row's key: a server_id, or "scan:host:port"
ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1  # (host, port)
FINGERPRINT_SHOWN = 16  # hex digits of the fingerprint in the row; the tooltip has all


class _DecorationAtTheEnd(QStyledItemDelegate):
    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Right


class FoundServerList(QWidget):
    server_picked = Signal(str, int)  # host, port: connect there
    scan_requested = Signal()
    scan_cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(self.tr("On this &network"), self)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Servers on this network"))
        self.list.setMaximumHeight(self.list.fontMetrics().height() * (LIST_ROWS + 1) + 12)
        # The lock at the end of its row, text-high: every row's text starts at one edge.
        self.list.setItemDelegate(_DecorationAtTheEnd(self.list))
        line = self.list.fontMetrics().height()
        self.list.setIconSize(QSize(line, line))
        self.list.setToolTip(self.tr("Click a server (or press Enter) to connect to it"))
        self.list.itemClicked.connect(self._on_item_picked)
        self.list.itemActivated.connect(self._on_item_picked)
        self.caption.setBuddy(self.list)
        self.empty = QLabel(self.tr("Servers found on this network will be listed here."), self)
        self.empty.setEnabled(False)  # drawn greyed: a hint, not content
        self.empty.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setEnabled(False)
        self.status.setAccessibleName(self.tr("Discovery status"))

        scan_row = QHBoxLayout()
        self.scan_button = QPushButton(self.tr("&Scan this network"), self)
        self.scan_button.setToolTip(
            self.tr("Try the chat port on every address of this machine's networks "
                    "(for networks where servers cannot announce themselves)")
        )
        self.scan_button.clicked.connect(self.scan_requested)
        self.scan_progress = QProgressBar(self)
        self.scan_progress.setAccessibleName(self.tr("Scan progress"))
        self.scan_progress.hide()
        self.cancel_scan_button = QPushButton(self.tr("Stop the scan"), self)
        self.cancel_scan_button.clicked.connect(self.scan_cancel_requested)
        self.cancel_scan_button.hide()
        scan_row.addWidget(self.scan_button)
        scan_row.addWidget(self.scan_progress, 1)
        scan_row.addWidget(self.cancel_scan_button)
        scan_row.addStretch(0)
        for widget in (self.caption, self.list, self.empty, self.status):
            layout.addWidget(widget)
        layout.addLayout(scan_row)
        self._update_hint()

    # --- rows -------------------------------------------------------------------------

    def row_text(self, found: FoundServer) -> str:
        advert = found.advert
        parts = [
            f"{advert.name} ({found.host}:{advert.port})",
            self.tr("%n in the room", "", advert.users),
        ]
        if advert.fingerprint:
            parts.append(self.tr("fingerprint %1…").replace(
                "%1", advert.fingerprint[:FINGERPRINT_SHOWN]))
        if advert.password_required:  # and a lock icon (the lock character is not in every font)
            parts.append(self.tr("password needed"))
        return " · ".join(parts)

    def row_tooltip(self, found: FoundServer) -> str:
        advert = found.advert
        lines = [
            self.tr("%1 at %2, port %3").replace("%1", advert.name)
            .replace("%2", found.host).replace("%3", str(advert.port)),
            self.tr("chatapp %1, found by %2").replace("%1", advert.version)
            .replace("%2", "mDNS" if found.via == "mdns" else self.tr("UDP beacon")),
        ]
        if advert.password_required:
            lines.append(self.tr("This room needs a password: type it before you click."))
        if advert.fingerprint:
            lines.append(self.tr("TLS fingerprint: %1").replace("%1", advert.fingerprint))
        return "\n".join(lines)

    def show_found(self, found: FoundServer) -> None:
        """A server found (or changed): its row is added, or brought up to date."""
        item = self.item(found.advert.server_id)
        if item is None:
            item = QListWidgetItem(self.list)
            item.setData(KEY_ROLE, found.advert.server_id)
            self._forget_scanned(found.host, found.advert.port)
        item.setText(self.row_text(found))
        item.setIcon(icon("lock") if found.advert.password_required else QIcon())
        item.setToolTip(self.row_tooltip(found))
        item.setData(ADDRESS_ROLE, (found.host, found.advert.port))
        self._update_hint()

    def add_scanned(self, host: str, port: int) -> None:
        """Something answered on the chat port (the scan knows no more than that)."""
        if any(self.list.item(i).data(ADDRESS_ROLE) == (host, port)
               for i in range(self.list.count())):
            return
        item = QListWidgetItem(
            self.tr("%1 (answered on port %2)").replace("%1", host).replace("%2", str(port)),
            self.list,
        )
        item.setData(KEY_ROLE, f"scan:{host}:{port}")
        item.setData(ADDRESS_ROLE, (host, port))
        self._update_hint()

    def remove(self, key: str) -> None:
        item = self.item(key)
        if item is not None:
            self.list.takeItem(self.list.row(item))
        self._update_hint()

    def clear(self) -> None:
        self.list.clear()
        self._update_hint()

    def item(self, key: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == key:
                return self.list.item(row)
        return None

    def _forget_scanned(self, host: str, port: int) -> None:
        scanned = self.item(f"scan:{host}:{port}")
        if scanned is not None:
            self.list.takeItem(self.list.row(scanned))

    def _update_hint(self) -> None:
        found = self.list.count() > 0
        self.list.setVisible(found)
        self.empty.setVisible(not found)

    def _on_item_picked(self, item: QListWidgetItem) -> None:
        address = item.data(ADDRESS_ROLE)
        if address:
            self.server_picked.emit(address[0], int(address[1]))

    # --- status and scan ----------------------------------------------------------------

    def set_status(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.status.setVisible(bool(sentence))

    def set_scanning(self, scanning: bool) -> None:
        self.scan_button.setEnabled(not scanning)
        self.scan_progress.setVisible(scanning)
        self.cancel_scan_button.setVisible(scanning)
        if scanning:
            self.scan_progress.setRange(0, 0)  # busy until the first progress

    def set_scan_progress(self, done: int, total: int) -> None:
        self.scan_progress.setRange(0, max(1, total))
        self.scan_progress.setValue(done)
