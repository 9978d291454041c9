"""The server window: listen, see who is connected, kick, and speak as the operator.

The window owns the room's lifetime: closing it stops the server and closes
its chat history (the store's worker thread and its lock on the folder).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..net import ChatServer, NetError, Peer
from ..net.server import DEFAULT_HOST, DEFAULT_PORT, OPERATOR_NICK
from .chat_view import ChatView
from .client_table import ClientTableModel
from .connect_page import WIDEST_HOST, PortSpinBox, field_width
from .connection_tracker import ConnectionTracker
from .discovery_status import ServerAnnouncements
from .event_log_wiring import attach_server
from .icons import app_icon, icon
from .lan_addresses import addresses_to_show
from .message_input import MessageInput
from .window_base import ChatWindowBase

# The room as the operator watches it. The history is on disk and clients
# resume from it; the window shows the newest messages, and keeping fewer rows
# keeps each batch of new ones cheap to lay out (the list is laid out again
# whole) at thousands of messages a second.
ROOM_ROWS_KEPT = 20_000
# The client table's columns are fitted to their contents at most this often:
# fitting asks the model for every cell, and the table changes with every
# round trip and every second's byte counts.
FIT_COLUMNS_MS = 250
# Rows besides the visible ones that fitting looks at (Qt's default is 1,000).
FIT_COLUMNS_ROWS = 100
DEFAULT_SIZE = QSize(960, 680)


def peer_label(row: Any) -> str:
    """ "alice@127.0.0.1:50312", the heading of the state panel for a client."""
    return f"{row.nick}@{row.endpoint}" if row.nick else row.endpoint


class ServerWindow(ChatWindowBase):
    # Hidden for a new user here too: the client table already shows each
    # connection's lamp, round trip and bytes, which is what an operator
    # watches; and the demo gives this window half of a laptop screen, where
    # the panels would leave the room a few lines. Ctrl+I brings them.
    INSPECT_BY_DEFAULT = False

    def __init__(
        self, server: ChatServer | None = None, settings: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(settings, "server", parent)
        self.server = server or ChatServer(self)
        self.setWindowTitle(self.tr("Chat server"))
        self.setWindowIcon(app_icon("server"))
        self.client_model = ClientTableModel(self)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(self._build_listen_bar())
        layout.addLayout(self._build_address_row())
        layout.addWidget(self.banner)
        # Clients above the room: the table has seven columns and wants the full width.
        splitter = QSplitter(Qt.Orientation.Vertical, central)
        splitter.setObjectName("room_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_client_area())
        splitter.addWidget(self._build_chat_area())
        # The room is the centre; the table keeps room for a few clients.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.remembered_splitters.append(splitter)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.build_menus()
        self.announcements = ServerAnnouncements(self)  # started by the program
        self.statusBar().showMessage(self.tr("Not listening"))

        self.log_tap = attach_server(self.event_log.model, self.server, self.tr("server"))
        self.server.listening_changed.connect(self._on_server_listening_changed)
        self.server.connection_accepted.connect(self._on_server_connection_accepted)
        self.server.peer_joined.connect(self._on_server_peer_changed)
        self.server.peer_updated.connect(self._on_server_peer_changed)
        self.server.peer_left.connect(self._on_server_peer_left)
        self.server.chat_posted.connect(self._on_server_chat_posted)
        self.server.notice_posted.connect(self.chat_view.add_notice)
        self.server.error_occurred.connect(self._on_server_error_occurred)
        self._on_server_listening_changed(self.server.is_listening)
        # A problem that lasts as long as the server runs (the history is not
        # saved): shown again whenever the banner would otherwise be cleared.
        self.standing_warning = ""
        self.history_message_box: QMessageBox | None = None
        self.history_label = QLabel(self)
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.history_label)
        self._show_history_place()
        self.close_question: QMessageBox | None = None
        self._close_agreed = False
        self.resize(DEFAULT_SIZE)
        self.restore_layout()

    # --- construction ---------------------------------------------------------------

    def _build_listen_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.host_edit = QLineEdit(
            self.settings.server_host if self.settings else DEFAULT_HOST, self
        )
        self.host_edit.setAccessibleName(self.tr("Address to listen on"))
        self.host_edit.setToolTip(self.tr("0.0.0.0 listens on every network of this machine"))
        self.host_edit.setMinimumWidth(field_width(self.host_edit, WIDEST_HOST))
        self.port_spin = PortSpinBox(self)
        self.port_spin.setMinimumWidth(field_width(self.port_spin, "65535") + 24)
        self.port_spin.setRange(0, 65535)
        self.port_spin.setValue(self.settings.server_port if self.settings else DEFAULT_PORT)
        self.port_spin.setAccessibleName(self.tr("Port"))
        self.port_spin.setToolTip(self.tr("0 picks a free port"))
        self.start_button = QPushButton(icon("start"), self.tr("&Start listening"), self)
        self.start_button.clicked.connect(self.start_listening)
        self.stop_button = QPushButton(icon("stop"), self.tr("S&top listening"), self)
        self.stop_button.clicked.connect(self.stop_listening)
        host_label = QLabel(self.tr("&Address:"), self)
        host_label.setBuddy(self.host_edit)
        port_label = QLabel(self.tr("&Port:"), self)
        port_label.setBuddy(self.port_spin)
        row.addWidget(host_label)
        row.addWidget(self.host_edit, 1)
        row.addWidget(port_label)
        row.addWidget(self.port_spin)
        row.addWidget(self.start_button)
        row.addWidget(self.stop_button)
        self.host_edit.returnPressed.connect(self.start_listening)
        self.port_spin.returnPressed.connect(self.start_listening)
        return row

    def _build_address_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.addresses_caption = QLabel(self.tr("Clients connect to:"), self)
        self.addresses_label = QLabel(self)
        self.addresses_label.setTextFormat(Qt.TextFormat.PlainText)
        self.addresses_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.addresses_label.setAccessibleName(self.tr("Addresses for clients"))
        # Long lists of addresses are cut, not allowed to widen the window;
        # the tooltip and Copy give them whole.
        self.addresses_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.copy_button = QPushButton(icon("copy"), self.tr("&Copy"), self)
        self.copy_button.setToolTip(self.tr("Copy the addresses to the clipboard"))
        self.copy_button.clicked.connect(self.copy_addresses)
        row.addWidget(self.addresses_caption)
        row.addWidget(self.addresses_label, 1)
        row.addWidget(self.copy_button)
        return row

    def _build_chat_area(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Room"), box))
        self.chat_view = ChatView(box)
        self.chat_view.chat_model.max_entries = ROOM_ROWS_KEPT
        layout.addWidget(self.chat_view, 1)
        self.operator_input = MessageInput(box)
        self.operator_input.edit.setAccessibleName(self.tr("Message as the operator"))
        self.operator_input.submitted.connect(self._on_operator_input_submitted)
        layout.addWidget(self.operator_input)
        return box

    def _build_client_area(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Connected clients"), box))
        table = QTableView(box)
        table.setObjectName("client_table")
        table.setAccessibleName(self.tr("Connected clients"))
        table.setModel(self.client_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        # Fitted to the contents on a timer, not by ResizeToContents: that mode
        # measures every row of every column on each change of any cell.
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(FIT_COLUMNS_ROWS)
        header.setStretchLastSection(True)
        self._fit_timer = QTimer(self, singleShot=True, interval=FIT_COLUMNS_MS)
        self._fit_timer.timeout.connect(table.resizeColumnsToContents)
        model = self.client_model
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
            signal.connect(self._on_client_model_changed)
        table.resizeColumnsToContents()  # the headings, before any client
        table.setToolTip(
            self.tr("Select a client to see its connection; double-click to message it")
        )
        table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        table.doubleClicked.connect(self._on_table_double_clicked)
        self.client_table = table
        layout.addWidget(table, 1)
        buttons = QHBoxLayout()
        self.kick_button = QPushButton(icon("kick"), self.tr("&Kick"), box)
        self.kick_button.setToolTip(self.tr("Disconnect the selected client"))
        self.kick_button.setEnabled(False)
        self.kick_button.clicked.connect(self.kick_selected)
        buttons.addStretch(1)
        buttons.addWidget(self.kick_button)
        layout.addLayout(buttons)
        return box

    # --- actions --------------------------------------------------------------------

    def start_listening(self) -> bool:
        host = self.host_edit.text().strip() or DEFAULT_HOST
        port = self.port_spin.value()
        try:
            self.server.listen(host, port)
        except NetError as exc:
            self.banner.show_error(exc.message)
            self.chat_view.add_error(exc.message)
            return False
        if self.standing_warning:
            self.banner.show_error(self.standing_warning)
        else:
            self.banner.clear()
        if self.settings is not None and self.remember_connection:
            self.settings.server_host, self.settings.server_port = host, port
        return True

    def report_history_failure(self, sentence: str) -> None:
        """The history could not be opened and the server fell back to memory:
        say why in a message box (not blocking: the room works meanwhile), and
        keep a warning in the window for as long as it runs."""
        self.standing_warning = self.tr(
            "The chat history is not being saved: it is kept in memory only and is lost "
            "when the server stops. %1"
        ).replace("%1", sentence)
        self.banner.show_error(self.standing_warning)
        self.chat_view.add_error(self.standing_warning)
        self._show_history_place()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Chat history not available"),
            sentence,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # the sentence quotes a folder name
        box.setInformativeText(
            self.tr(
                "The server runs anyway and keeps the chat in memory only: "
                "it is lost when the server stops."
            )
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.history_message_box = box

    def _show_history_place(self) -> None:
        path = self.server.history.path
        if path is None:
            self.history_label.setText(self.tr("History: in memory only"))
            self.history_label.setToolTip(
                self.tr("The chat is not saved: it is lost when the server stops.")
            )
        else:
            self.history_label.setText(self.tr("History: saved"))
            self.history_label.setToolTip(
                self.tr("The chat is saved in %1").replace("%1", str(path))
            )

    def stop_listening(self) -> None:
        self.server.stop()

    def selected_row(self) -> Any:
        rows = self.client_table.selectionModel().selectedRows()
        return self.client_model.row_at(rows[0].row()) if rows else None

    def kick_selected(self) -> None:
        row = self.selected_row()
        if row is not None and row.left_at is None:
            self.server.kick(row.peer)

    def copy_addresses(self) -> None:
        text = self.addresses_label.text()
        if text:
            QApplication.clipboard().setText(text.replace("   ", "\n"))
            self.statusBar().showMessage(self.tr("Addresses copied"), 3000)

    # --- slots ----------------------------------------------------------------------

    def _on_server_listening_changed(self, listening: object) -> None:
        listening = bool(listening)
        self.start_button.setEnabled(not listening)
        self.stop_button.setEnabled(listening)
        self.host_edit.setEnabled(not listening)
        self.port_spin.setEnabled(not listening)
        if listening:
            where = f"{self.server.host}:{self.server.port}"
            self.statusBar().showMessage(self.tr("Listening on %1").replace("%1", where))
            addresses = addresses_to_show(self.server.host, self.server.port)
            self.addresses_label.setText("   ".join(addresses))
            self.addresses_label.setToolTip("\n".join(addresses))
            self.chat_view.add_notice(self.tr("Listening on %1").replace("%1", where))
        else:
            self.statusBar().showMessage(self.tr("Not listening"))
            self.addresses_label.setText(self.tr("(start listening first)"))
        self.copy_button.setEnabled(listening)

    def _on_server_connection_accepted(self, peer: Peer) -> None:
        label = self.tr("peer %1").replace("%1", peer.endpoint)
        tracker = ConnectionTracker(peer.connection, parent=self.client_model, label=label)
        self.client_model.add_peer(peer, tracker)
        if self.state_panel.tracker is None:
            self.client_table.selectRow(self.client_model.rowCount() - 1)

    def _on_server_peer_changed(self, peer: Peer) -> None:
        self.client_model.update_peer(peer)
        row = self.client_model.row_for_peer(peer)
        if row is not None:
            row.tracker.set_label(peer_label(row))

    def _on_server_peer_left(self, peer: Peer, reason: str) -> None:
        self.client_model.mark_left(peer, reason)
        self._update_kick_button()

    def _on_client_model_changed(self, *_args: object) -> None:
        if not self._fit_timer.isActive():
            self._fit_timer.start()

    def _on_server_chat_posted(self, chat: Any) -> None:
        self.chat_view.add_chat(chat, own=chat.sender == OPERATOR_NICK)

    def _on_server_error_occurred(self, sentence: str) -> None:
        self.banner.show_error(sentence)
        self.chat_view.add_error(sentence)

    def _on_operator_input_submitted(self, text: str, to: str) -> None:
        self.server.say(text, to or None)

    def _on_table_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        row = self.selected_row()
        if row is not None:
            self.state_panel.set_tracker(row.tracker)
        self._update_kick_button()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.client_model.row_at(index.row())
        if row is not None and row.nick and row.left_at is None:
            self.operator_input.set_recipient(row.nick)

    def _update_kick_button(self) -> None:
        row = self.selected_row()
        self.kick_button.setEnabled(row is not None and row.left_at is None)

    def connected_count(self) -> int:
        return sum(1 for peer in self.server.peers if peer.identified)

    def may_close_now(self) -> bool:
        """Closing stops the server and everyone in the room is dropped: with
        people in, ask first (without blocking: the room goes on meanwhile)."""
        count = self.connected_count()
        if self._close_agreed or count == 0:
            return True
        if self.close_question is not None and self.close_question.isVisible():
            self.close_question.raise_()
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Stop the server?"),
            self.tr(
                "Closing this window stops the server and disconnects everyone in "
                "the room (%n connected).",
                "",
                count,
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        stop = box.addButton(self.tr("&Stop and close"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("&Keep running"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stop)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        stop.clicked.connect(self._on_close_agreed)
        box.open()
        self.close_question = box
        return False

    def _on_close_agreed(self) -> None:
        if not self._close_agreed:
            self._close_agreed = True
            QTimer.singleShot(0, self.close)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The user's own close (Alt+F4, the title bar's button) asks while people
        # are in; a close from code (the app quitting, tests) does not.
        if event.spontaneous() and not self.may_close_now():
            event.ignore()
            return
        if self.server.is_listening or self.server.peers:
            self.server.stop()
        # Writes what is queued, stops the worker and releases the folder's lock.
        self.server.history.close()
        super().closeEvent(event)
