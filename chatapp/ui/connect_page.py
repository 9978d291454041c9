"""The client's connect page: where to connect and as whom, with the servers used before.

Shown while the client is not in a room. Its fields are wide enough to read a
full IPv4 address and a 16-character nick, Enter in any of them connects, and
a click on a recent server fills them in.

The "On this network" list (found_servers.py) holds the servers discovery
found: one click there fills in the fields and connects.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .found_servers import FoundServerList
from .icons import icon

# What the fields must show whole (a full IPv4 address, a long nick).
WIDEST_HOST = "192.168.100.200"
WIDEST_NICK = "alexandra_wolfe1"  # 16 characters
FIELD_PADDING = 24  # the line edit's frame and text margins, with room to spare
PAGE_WIDTH = 520  # the column stays readable on a wide window
LIST_ROWS = 4
SERVER_ROLE = Qt.ItemDataRole.UserRole  # an item's (host, port, nick)


class PortSpinBox(QSpinBox):
    """A port field that says when Enter is pressed in it, like a QLineEdit does."""

    returnPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)  # takes in what was typed first
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()


def field_width(widget: QWidget, sample: str) -> int:
    return widget.fontMetrics().horizontalAdvance(sample) + FIELD_PADDING


class ConnectPage(QScrollArea):
    connect_requested = Signal()
    server_chosen = Signal(str, int, str)  # host, port, nick: a list item was picked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connect_page")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        outer = QHBoxLayout(body)
        outer.addStretch(1)
        column = QWidget(body)
        column.setMaximumWidth(PAGE_WIDTH)
        outer.addWidget(column, 4)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(8, 16, 8, 8)

        self.heading = QLabel(self.tr("Connect to a chat room"), column)
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.4)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        layout.addWidget(self.heading)
        hint = QLabel(
            self.tr(
                "Ask whoever runs the server for its address and port "
                "(its window shows them under \u201cClients connect to\u201d)."
            ),
            column,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.host_edit = QLineEdit(column)
        self.host_edit.setAccessibleName(self.tr("Server address"))
        self.host_edit.setPlaceholderText(self.tr("server name or IP address"))
        self.host_edit.setMinimumWidth(field_width(self.host_edit, WIDEST_HOST))
        self.port_spin = PortSpinBox(column)
        self.port_spin.setRange(1, 65535)
        self.port_spin.setAccessibleName(self.tr("Server port"))
        self.port_spin.setMinimumWidth(field_width(self.port_spin, "65535") + 24)
        self.nick_edit = QLineEdit(column)
        self.nick_edit.setAccessibleName(self.tr("Your nick"))
        self.nick_edit.setMaxLength(32)
        self.nick_edit.setMinimumWidth(field_width(self.nick_edit, WIDEST_NICK))
        # The room password: handed to the client for the challenge, never
        # written to the settings file, never shown.
        self.password_edit = QLineEdit(column)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Room password"))
        self.password_edit.setPlaceholderText(self.tr("optional"))
        self.password_edit.setToolTip(
            self.tr("Only rooms with a password need it; it is never saved")
        )
        port_row = QHBoxLayout()
        port_row.addWidget(self.port_spin)
        port_row.addStretch(1)
        for text, field in (
            (self.tr("&Host:"), self.host_edit),
            (self.tr("&Port:"), port_row),
            (self.tr("&Nick:"), self.nick_edit),
            (self.tr("Pass&word:"), self.password_edit),
        ):
            label = QLabel(text, column)
            label.setBuddy(self.port_spin if field is port_row else field)
            form.addRow(label, field)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.connect_button = QPushButton(icon("connect"), self.tr("&Connect"), column)
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_requested)
        self.cancel_button = QPushButton(icon("disconnect"), self.tr("Cancel"), column)
        self.cancel_button.setToolTip(self.tr("Stop connecting"))
        self.cancel_button.hide()
        self.back_button = QPushButton(self.tr("Back to the &conversation"), column)
        self.back_button.setToolTip(self.tr("Read the last conversation again; you stay offline"))
        self.back_button.hide()
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout.addLayout(buttons)
        for edit in (self.host_edit, self.nick_edit, self.password_edit):
            edit.returnPressed.connect(self.connect_requested)
        self.port_spin.returnPressed.connect(self.connect_requested)

        self.recent_caption = QLabel(self.tr("&Recent servers"), column)
        self.recent_list = self._server_list(self.tr("Recent servers"))
        self.recent_caption.setBuddy(self.recent_list)
        self.recent_empty = QLabel(self.tr("Servers you connect to are listed here."), column)
        self.recent_empty.setEnabled(False)  # drawn greyed: a hint, not content
        self.found = FoundServerList(column)
        self.found.server_picked.connect(self._on_found_server_picked)
        for widget in (self.recent_caption, self.recent_list, self.recent_empty, self.found):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)

    def _server_list(self, name: str) -> QListWidget:
        servers = QListWidget(self)
        servers.setAccessibleName(name)
        servers.setMaximumHeight(servers.fontMetrics().height() * (LIST_ROWS + 1) + 12)
        servers.setToolTip(self.tr("Click to fill in the fields; double-click to connect"))
        servers.itemClicked.connect(self._on_item_clicked)
        servers.itemActivated.connect(self._on_item_activated)
        return servers

    # --- the lists ------------------------------------------------------------------

    def set_recent(self, servers: list[tuple[str, int, str]]) -> None:
        """The servers connected to before, most recent first."""
        self.recent_list.clear()
        for host, port, nick in servers:
            self._add_item(self.recent_list, f"{host}:{port}", host, port, nick)
        self.recent_list.setVisible(bool(servers))
        self.recent_empty.setVisible(not servers)

    def _add_item(self, servers: QListWidget, label: str, host: str, port: int, nick: str) -> None:
        text = self.tr("%1 as %2").replace("%1", label).replace("%2", nick) if nick else label
        item = QListWidgetItem(text, servers)
        item.setData(SERVER_ROLE, (host, port, nick))

    def _fill_from(self, item: QListWidgetItem) -> bool:
        server = item.data(SERVER_ROLE)
        if not server:
            return False
        host, port, nick = server
        self.host_edit.setText(host)
        self.port_spin.setValue(int(port))
        if nick:
            self.nick_edit.setText(nick)
        self.server_chosen.emit(host, int(port), nick)
        return True

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        self._fill_from(item)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        if self._fill_from(item):
            self.connect_requested.emit()

    def _on_found_server_picked(self, host: str, port: int) -> None:
        if not self.found.list.isEnabled():
            return  # already connecting
        self.host_edit.setText(host)
        self.port_spin.setValue(port)
        self.server_chosen.emit(host, port, "")
        self.connect_requested.emit()

    # --- state ----------------------------------------------------------------------

    def set_connecting(self, connecting: bool) -> None:
        """While a first connect is under way: fields locked, Cancel instead of Connect."""
        for widget in (self.host_edit, self.port_spin, self.nick_edit, self.password_edit):
            widget.setEnabled(not connecting)
        self.recent_list.setEnabled(not connecting)
        self.found.list.setEnabled(not connecting)
        self.cancel_button.setVisible(connecting)
