"""The client window: connect to a server, chat, see the connection work."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..net import ChatClient, ClientState
from ..protocol import Chat, Welcome, nick_problem
from ..protocol import errors as codes
from .chat_view import ChatView
from .connection_tracker import ConnectionTracker
from .event_log_wiring import attach_connection
from .icons import app_icon, icon
from .keepalive_led import KeepaliveLed, LedState
from .message_input import MessageInput
from .own_messages import OwnMessages
from .user_list import UserList
from .window_base import ChatWindowBase


class ClientWindow(ChatWindowBase):
    def __init__(
        self, client: ChatClient | None = None, settings: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(settings, "client", parent)
        self.client = client or ChatClient(self)
        self.setWindowTitle(self.tr("Chat client"))
        self.setWindowIcon(app_icon("client"))

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(self._build_connect_bar())
        layout.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        splitter.setChildrenCollapsible(False)
        chat_box = QWidget(splitter)
        chat_layout = QVBoxLayout(chat_box)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        self.chat_view = ChatView(chat_box)
        self.own_messages = OwnMessages(self.client, self.chat_view, self)
        # A refusal the user must act on (wrong password, kicked): it stays in
        # the banner when the close that follows it arrives.
        self._refusal = ""
        self.message_input = MessageInput(chat_box)
        self.message_input.submitted.connect(self._on_message_input_submitted)
        chat_layout.addWidget(self.chat_view, 1)
        chat_layout.addWidget(self.message_input)
        users_box = QWidget(splitter)
        users_layout = QVBoxLayout(users_box)
        users_layout.setContentsMargins(0, 0, 0, 0)
        self.users_caption = QLabel(self.tr("People"), users_box)
        self.user_list = UserList(users_box)
        self.users_caption.setBuddy(self.user_list)
        self.user_list.private_requested.connect(self.message_input.set_recipient)
        users_layout.addWidget(self.users_caption)
        users_layout.addWidget(self.user_list, 1)
        splitter.addWidget(chat_box)
        splitter.addWidget(users_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.build_menus()

        self.state_label = QLabel(self)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.led = KeepaliveLed(self)
        self.statusBar().addPermanentWidget(self.state_label)
        self.statusBar().addPermanentWidget(self.led)

        self.tracker = ConnectionTracker(
            self.client.connection, parent=self, label=self.tr("this client")
        )
        self.state_panel.set_tracker(self.tracker)
        self.log_tap = attach_connection(
            self.event_log.model, self.client.connection, self._log_source
        )

        connection = self.client.connection
        # The heartbeat drives the LED.
        connection.liveness_changed.connect(self._on_connection_liveness_changed)
        connection.rtt_measured.connect(self.led.set_rtt)
        self.client.reconnect_countdown.connect(self._on_client_reconnect_countdown)

        c = self.client
        c.state_changed.connect(self._on_client_state_changed)
        c.welcomed.connect(self._on_client_welcomed)
        c.disconnected.connect(self._on_client_disconnected)
        c.chat_received.connect(self._on_client_chat_received)
        c.user_joined.connect(self._on_client_user_joined)
        c.user_left.connect(self._on_client_user_left)
        c.nick_changed.connect(self._on_client_nick_changed)
        c.users_changed.connect(self._on_client_users_changed)
        c.server_error.connect(self._on_client_server_error)
        c.error_occurred.connect(self._on_client_error_occurred)
        self._on_client_state_changed(c.state)
        self.resize(980, 700)
        self.restore_layout()

    def _build_connect_bar(self) -> QHBoxLayout:
        s = self.settings
        row = QHBoxLayout()
        self.host_edit = QLineEdit(s.client_host if s else "127.0.0.1", self)
        self.host_edit.setAccessibleName(self.tr("Server address"))
        self.host_edit.setPlaceholderText(self.tr("server name or IP address"))
        self.port_spin = QSpinBox(self)
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(s.client_port if s else 2000)
        self.port_spin.setAccessibleName(self.tr("Server port"))
        self.nick_edit = QLineEdit(s.client_nick if s else "", self)
        self.nick_edit.setAccessibleName(self.tr("Your nick"))
        self.nick_edit.setMaxLength(32)
        # The room password: handed to the client for the challenge, never
        # written to the settings file, never shown.
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Room password"))
        self.password_edit.setPlaceholderText(self.tr("optional"))
        self.password_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 7))
        self.password_edit.setToolTip(
            self.tr("Only rooms with a password need it; it is never saved")
        )
        self.connect_button = QPushButton(icon("connect"), self.tr("&Connect"), self)
        self.connect_button.clicked.connect(self.connect_to_server)
        self.disconnect_button = QPushButton(icon("disconnect"), self.tr("&Disconnect"), self)
        self.disconnect_button.clicked.connect(self.disconnect_from_server)
        for text, widget, stretch in (
            (self.tr("&Host:"), self.host_edit, 3),
            (self.tr("&Port:"), self.port_spin, 0),
            (self.tr("&Nick:"), self.nick_edit, 2),
            (self.tr("Pass&word:"), self.password_edit, 1),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, stretch)
        row.addWidget(self.connect_button)
        row.addWidget(self.disconnect_button)
        for edit in (self.host_edit, self.nick_edit, self.password_edit):
            edit.returnPressed.connect(self.connect_to_server)
        return row

    def _log_source(self) -> str:
        return f"client {self.client.nick}" if self.client.nick else "client"

    # --- actions ------------------------------------------------------------------

    def connect_to_server(self) -> None:
        if self.client.state is ClientState.WAITING:
            self.client.reconnect_now()
            return
        if self.client.state is not ClientState.DISCONNECTED:
            return
        host = self.host_edit.text().strip()
        nick = self.nick_edit.text().strip()
        if not host:
            self.banner.show_error(self.tr("Type the server's name or IP address first."))
            self.host_edit.setFocus()
            return
        problem = nick_problem(nick)
        if problem:
            self.banner.show_error(self.tr("Choose another nick: %1.").replace("%1", problem))
            self.nick_edit.setFocus()
            return
        self.banner.clear()
        self._refusal = ""
        if self.settings is not None and self.remember_connection:
            # Host, port and nick only: the password is never stored.
            self.settings.client_host, self.settings.client_port = host, self.port_spin.value()
            self.settings.client_nick = nick
            self.settings.sync()
        self.chat_view.add_notice(
            self.tr("Connecting to %1…").replace("%1", f"{host}:{self.port_spin.value()}")
        )
        password = self.password_edit.text() or None
        self.client.connect_to(host, self.port_spin.value(), nick, password)

    def disconnect_from_server(self) -> None:
        self.client.disconnect_from_server()

    # --- slots ----------------------------------------------------------------------

    def _on_client_state_changed(self, state: ClientState) -> None:
        offline = state is ClientState.DISCONNECTED
        waiting = state is ClientState.WAITING  # lost; the client retries by itself
        for widget in (self.host_edit, self.port_spin, self.nick_edit, self.password_edit):
            widget.setEnabled(offline)
        self.connect_button.setEnabled(offline or waiting)
        self.connect_button.setText(self.tr("Reconnect &now") if waiting else self.tr("&Connect"))
        self.disconnect_button.setEnabled(not offline)
        texts = {
            "disconnected": self.tr("Disconnected"),
            "connecting": self.tr("Connecting…"),
            "handshaking": self.tr("Saying hello…"),
            "online": self.tr("Online as %1").replace("%1", self.client.nick),
            "waiting": self.tr("Connection lost; reconnecting…"),
        }
        self.state_label.setText(texts.get(state.value, state.value))
        if state is ClientState.ONLINE:
            self.led.set_state(LedState.ALIVE)
        elif state is not ClientState.DISCONNECTED or self.led.state is not LedState.DEAD:
            self.led.set_state(LedState.OFF)
        title = self.tr("Chat client")
        if state is ClientState.ONLINE:
            title = f"{self.client.nick} — {title}"
        self.setWindowTitle(title)

    def _on_connection_liveness_changed(self, liveness: object, _why: str) -> None:
        value = getattr(liveness, "value", "")
        if self.client.state is ClientState.ONLINE and value in ("alive", "late", "dead"):
            self.led.set_state(LedState(value))

    def _on_client_reconnect_countdown(self, seconds: int) -> None:
        self.state_label.setText(self.tr("Connection lost; reconnecting in %n s", "", seconds))

    def _on_client_welcomed(self, welcome: Welcome) -> None:
        self.banner.clear()
        self.chat_view.add_notice(self.tr("Connected as %1.").replace("%1", welcome.nick))
        self.message_input.edit.setFocus()

    def _on_client_disconnected(self, reason: str) -> None:
        if self._refusal:  # already said, in words the user can act on
            self.led.set_state(LedState.OFF)
            self.banner.show_error(self._refusal)
        elif reason:
            self.led.set_state(LedState.DEAD)
            sentence = self.tr("Disconnected: %1").replace("%1", reason)
            self.banner.show_error(sentence)
            self.chat_view.add_error(sentence)
        else:
            self.led.set_state(LedState.OFF)
            self.chat_view.add_notice(self.tr("Disconnected."))
        self.message_input.set_recipient("")

    def _on_client_chat_received(self, chat: Chat) -> None:
        own = chat.sender == self.client.nick
        if own and self.own_messages.claim_echo(chat):
            return  # shown when it was typed; its receipt says the rest
        self.chat_view.add_chat(chat, own=own)

    def _on_client_user_joined(self, nick: str) -> None:
        self.chat_view.add_notice(self.tr("%1 joined").replace("%1", nick))

    def _on_client_user_left(self, nick: str, reason: str) -> None:
        text = self.tr("%1 left").replace("%1", nick)
        self.chat_view.add_notice(f"{text} ({reason})" if reason else text)
        if self.message_input.recipient == nick:
            self.message_input.set_recipient("")

    def _on_client_nick_changed(self, old: str, new: str) -> None:
        self.chat_view.add_notice(
            self.tr("%1 is now known as %2").replace("%1", old).replace("%2", new)
        )
        if self.message_input.recipient == old:
            self.message_input.set_recipient(new)

    def _on_client_users_changed(self, users: list[str]) -> None:
        self.user_list.set_users(users, self.client.nick)
        self.users_caption.setText(self.tr("People (%1)").replace("%1", str(len(users))))

    def refusal_sentence(self, code: str, message: str) -> str:
        """The errors that end the visit, as sentences saying what to do."""
        if code == codes.WRONG_PASSWORD:
            return self.tr(
                "Wrong password: the server did not let you in. "
                "Check the room's password and connect again."
            )
        if code == codes.PASSWORD_REQUIRED:
            return self.tr(
                "This room has a password. Type it in the Password field and connect again."
            )
        if code == codes.KICKED:
            reason = message or self.tr("no reason given")
            return self.tr(
                "The server's operator removed you from the room (%1). You can connect again."
            ).replace("%1", reason)
        return ""

    def _on_client_server_error(self, code: str, message: str) -> None:
        if self.own_messages.attach_refusal(message or code):
            return  # the reason is shown in the message's own row
        refusal = self.refusal_sentence(code, message)
        if refusal:
            self._refusal = refusal
            self.banner.show_error(refusal)
            self.chat_view.add_error(refusal)
            if code in (codes.WRONG_PASSWORD, codes.PASSWORD_REQUIRED):
                self.password_edit.setFocus()
                self.password_edit.selectAll()
            return
        if code == codes.RATE_LIMITED:
            self.banner.show_info(
                self.tr("You are sending faster than the server allows; your messages are delayed.")
            )
            return
        self.chat_view.add_error(self.tr("The server says: %1").replace("%1", message or code))

    def _on_client_error_occurred(self, sentence: str) -> None:
        self.banner.show_error(sentence)

    def _on_message_input_submitted(self, text: str, to: str) -> None:
        # Away from a room it has been in, the client keeps messages in its
        # outbox and sends them when it is back; they show as "sending" till then.
        state = self.client.state
        been_in_room = bool(self.client.client_id)
        if state is ClientState.DISCONNECTED and not been_in_room:
            self.message_input.edit.setPlainText(text)  # keep what they typed
            self.banner.show_error(self.tr("Not connected: connect first, then send."))
            return
        if state is ClientState.DISCONNECTED:
            self.banner.show_info(
                self.tr("Not connected: your message goes out when you connect again.")
            )
        self.own_messages.send(text, to or None)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.client.state is not ClientState.DISCONNECTED:
            self.client.disconnect_from_server()
        super().closeEvent(event)
