"""The client window: connect to a server, chat, see the connection work.

Two pages: the connect page while out of a room, the conversation while in one
(or on the way back to it after a lost connection). The teaching panels are
the Inspect mode (see window_base.py), hidden for a new user: people come to
chat, and the status bar's lamp already says whether the line is alive."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..net import ChatClient, ClientState
from ..net.typed_commands import run_typed_line
from ..protocol import Chat, Welcome, nick_problem
from ..protocol import errors as codes
from .client_discovery import ClientDiscovery
from .connect_page import ConnectPage
from .connection_tracker import ConnectionTracker
from .conversation_page import ConversationPage
from .event_log_wiring import attach_connection
from .history_replay import HistoryReplay
from .icons import app_icon
from .keepalive_led import KeepaliveLed, LedState
from .own_messages import OwnMessages
from .window_base import ChatWindowBase

DEFAULT_PORT = 2000  # without settings (tests, tools): the server's default
DEFAULT_SIZE = QSize(900, 640)
# The reason ChatServer.kick sends when the operator gives none (its default
# argument; not imported, so the client never loads the server's code). Shown
# in the user's language; any other reason is shown as the server sent it.
KICK_REASON = "kicked by the operator"


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
        layout.addWidget(self.banner)
        self.pages = QStackedWidget(central)
        self.connect_page = self._build_connect_page()
        self.conversation = self._build_conversation()
        self.pages.addWidget(self.connect_page)
        self.pages.addWidget(self.conversation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.build_menus()
        self.discovery = ClientDiscovery(self)  # started by the program: start_discovery()

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

        # The room of the last connect, (host, port): another one starts a fresh chat.
        self._room: tuple[str, int] | None = None
        self._reconnect_key = ""  # the one chat row that counts the retries
        self._next_retry_s = 0  # the client's countdown (it comes before the row changes)
        # A refusal the user must act on (wrong password, kicked): it stays in
        # the banner when the close that follows it arrives.
        self._refusal = ""
        self._joining_fresh = False
        self._been_in_room = False  # this chat holds a conversation worth going back to

        connection = self.client.connection
        # The heartbeat drives the LED.
        connection.liveness_changed.connect(self._on_connection_liveness_changed)
        connection.rtt_measured.connect(self.led.set_rtt)
        self.client.reconnect_countdown.connect(self.show_reconnect_countdown)

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
        self.resize(DEFAULT_SIZE)
        self.restore_layout()

    def _build_connect_page(self) -> ConnectPage:
        s = self.settings
        page = ConnectPage(self)
        # The fields, under the names the rest of the window (and its tests) use.
        self.host_edit = page.host_edit
        self.port_spin = page.port_spin
        self.nick_edit = page.nick_edit
        self.password_edit = page.password_edit
        self.connect_button = page.connect_button
        self.host_edit.setText(s.client_host if s else "127.0.0.1")
        self.port_spin.setValue(s.client_port if s else DEFAULT_PORT)
        self.nick_edit.setText(s.client_nick if s else "")
        page.set_recent(s.recent_servers if s else [])
        page.connect_requested.connect(self.connect_to_server)
        page.cancel_button.clicked.connect(self.disconnect_from_server)
        page.back_button.clicked.connect(self.show_conversation)
        return page

    def _build_conversation(self) -> ConversationPage:
        page = ConversationPage(self)
        # The widgets, under the names the rest of the window (and its tests) use.
        self.room_label, self.splitter = page.room_label, page.splitter
        self.reconnect_button = page.reconnect_button
        self.disconnect_button = page.disconnect_button
        self.change_server_button = page.change_server_button
        self.chat_view, self.message_input = page.chat_view, page.message_input
        self.users_caption, self.user_list = page.users_caption, page.user_list
        self.reconnect_button.clicked.connect(self.connect_to_server)
        self.disconnect_button.clicked.connect(self.disconnect_from_server)
        self.change_server_button.clicked.connect(self.show_connect_page)
        self.own_messages = OwnMessages(self.client, self.chat_view, self)
        self.history_replay = HistoryReplay(self.chat_view, self)
        self.message_input.submitted.connect(self._on_message_input_submitted)
        self.message_input.edit.nick_source = lambda: self.client.users
        self.remembered_splitters.append(page.splitter)
        return page

    # --- pages ------------------------------------------------------------------------

    def show_conversation(self) -> None:
        self.pages.setCurrentWidget(self.conversation)
        self.message_input.edit.setFocus()

    def show_connect_page(self) -> None:
        self.connect_page.back_button.setVisible(self._been_in_room)
        self.pages.setCurrentWidget(self.connect_page)
        if self.client.state is ClientState.DISCONNECTED:
            (self.nick_edit if not self.nick_edit.text() else self.host_edit).setFocus()

    @property
    def on_connect_page(self) -> bool:
        return self.pages.currentWidget() is self.connect_page

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
        port = self.port_spin.value()
        if self.settings is not None and self.remember_connection:
            # Host, port and nick only: the password is never stored.
            self.settings.client_host, self.settings.client_port = host, port
            self.settings.client_nick = nick
            self.settings.sync()
        room = (host.casefold(), port)
        if self._room is not None and room != self._room:
            self.start_fresh_chat()
        self._room = room
        self._joining_fresh = not self.client.client_id
        self.chat_view.add_notice(self.tr("Connecting to %1…").replace("%1", f"{host}:{port}"))
        password = self.password_edit.text() or None
        self.client.connect_to(host, port, nick, password)

    def start_fresh_chat(self) -> None:
        """Another server: its room starts empty here, and the client comes in as
        a newcomer (no resume of the other room's place, nothing of it left to send)."""
        self.chat_view.clear_chat()
        self.user_list.set_users([], "")
        self.client.client_id = ""
        self.client.last_seq = 0
        self.client.outbox.clear()
        self._reconnect_key = ""
        self._been_in_room = False

    def disconnect_from_server(self) -> None:
        self.client.disconnect_from_server()

    # --- slots ----------------------------------------------------------------------

    def _on_client_state_changed(self, state: ClientState) -> None:
        offline = state is ClientState.DISCONNECTED
        waiting = state is ClientState.WAITING  # lost; the client retries by itself
        self.connect_page.set_connecting(not offline)
        self.connect_button.setEnabled(offline or waiting)
        self.connect_button.setText(self.tr("Reconnect &now") if waiting else self.tr("&Connect"))
        self.disconnect_button.setEnabled(not offline)
        self.disconnect_button.setVisible(not offline)
        self.reconnect_button.setVisible(waiting)
        self.change_server_button.setVisible(offline)
        texts = {
            "disconnected": self.tr("Disconnected"),
            "connecting": self.tr("Connecting…"),
            "handshaking": self.tr("Saying hello…"),
            "online": self.tr("Online as %1").replace("%1", self.client.nick),
            "waiting": self.tr("Connection lost; reconnecting…"),
        }
        self.state_label.setText(texts.get(state.value, state.value))
        self._update_room_label()
        if state is ClientState.ONLINE:
            self.led.set_state(LedState.ALIVE)
        elif state is not ClientState.DISCONNECTED or self.led.state is not LedState.DEAD:
            self.led.set_state(LedState.OFF)
        title = self.tr("Chat client")
        if state is ClientState.ONLINE:
            title = f"{self.client.nick} — {title}"
        self.setWindowTitle(title)
        # In a room (or on the way back to it) the conversation shows; out of
        # one, the connect page. A first connect stays on the page till it works.
        if state in (ClientState.ONLINE, ClientState.WAITING):
            self.show_conversation()
        elif offline:
            self.show_connect_page()

    def _update_room_label(self) -> None:
        where = f"{self.host_edit.text().strip()}:{self.port_spin.value()}"
        state = self.client.state
        if state is ClientState.ONLINE:
            text = self.tr("%1 in the room at %2").replace("%1", self.client.nick)
        elif state is ClientState.WAITING:
            text = self.tr("Reconnecting to %2…")
        elif state is ClientState.DISCONNECTED:
            text = self.tr("Not connected (last room: %2)")
        else:
            text = self.tr("Connecting to %2…")
        self.room_label.setText(text.replace("%2", where))

    def _on_connection_liveness_changed(self, liveness: object, _why: str) -> None:
        value = getattr(liveness, "value", "")
        if self.client.state is ClientState.ONLINE and value in ("alive", "late", "dead"):
            self.led.set_state(LedState(value))

    def show_reconnect_countdown(self, seconds: int) -> None:
        """The client's countdown to its next try, in the status bar and the retry row."""
        self.state_label.setText(self.tr("Connection lost; reconnecting in %n s", "", seconds))
        self._next_retry_s = seconds
        if self._reconnect_key:
            self.chat_view.chat_model.update(self._reconnect_key, text=self._reconnect_text())

    def _reconnect_text(self) -> str:
        return (
            self.tr("Reconnecting… attempt %1, next in %2 s")
            .replace("%1", str(max(1, self.client.backoff.attempt)))
            .replace("%2", str(self._next_retry_s))
        )

    def _stop_counting_retries(self) -> None:
        if self._reconnect_key:
            self.chat_view.chat_model.forget(self._reconnect_key)
            self._reconnect_key = ""

    def _on_client_welcomed(self, welcome: Welcome) -> None:
        self.banner.clear()
        self._stop_counting_retries()
        self._been_in_room = True
        if self.settings is not None and self.remember_connection:
            # Only servers that let you in go on the list.
            host, port = self.host_edit.text().strip(), self.port_spin.value()
            self.settings.add_recent_server(host, port, welcome.nick)
            self.settings.sync()
            self.connect_page.set_recent(self.settings.recent_servers)
        line = self.tr("Connected as %1.").replace("%1", welcome.nick)
        if self.client.nick_taken:
            self.banner.show_info(
                self.tr("The nick %1 is taken in this room, so you are %2. "
                        "Type /nick NAME to choose another.")
                .replace("%1", self.client.nick_taken).replace("%2", welcome.nick)
            )
        if self._joining_fresh and welcome.last_seq:
            # A newcomer gets the room's last messages next: they go under a
            # separator, and "Connected as" comes after them.
            self._joining_fresh = False
            self.history_replay.begin(self.tr("Earlier messages"), line, welcome.last_seq)
        else:
            self._joining_fresh = False
            self.chat_view.add_notice(line)
        self.message_input.edit.setFocus()

    def _on_client_disconnected(self, reason: str) -> None:
        self.history_replay.end()
        retrying = self.client.state is ClientState.WAITING
        if retrying and self._reconnect_key:
            # Another failed retry: the one row counting them says so, nothing more.
            self.chat_view.chat_model.update(self._reconnect_key, text=self._reconnect_text())
            return
        if self._refusal:  # already said, in words the user can act on
            self.led.set_state(LedState.OFF)
            self.banner.show_error(self._refusal)
        elif reason:
            self.led.set_state(LedState.DEAD)
            sentence = self.tr("Disconnected: %1").replace("%1", reason)
            # Never got in (refused, no answer...): the doctor can tell why.
            hint = self.tr("%1 Help > Connectivity doctor… can tell why.")
            self.banner.show_error(hint.replace("%1", sentence) if self.on_connect_page
                                   else sentence)
            self.chat_view.add_error(sentence)
        else:
            self.led.set_state(LedState.OFF)
            self.chat_view.add_notice(self.tr("Disconnected."))
        if retrying:
            self._reconnect_key = f"reconnect-{id(self)}-{self.chat_view.chat_model.rowCount()}"
            self.chat_view.add_notice(self._reconnect_text(), key=self._reconnect_key)
        else:
            self._stop_counting_retries()
        self.message_input.set_recipient("")

    def _on_client_chat_received(self, chat: Chat) -> None:
        own = chat.sender == self.client.nick
        self.history_replay.before_chat(chat)
        if not (own and self.own_messages.claim_echo(chat)):
            self.chat_view.add_chat(chat, own=own)
        self.history_replay.after_chat(chat)

    def _on_client_user_joined(self, nick: str) -> None:
        self.history_replay.end()
        self.chat_view.add_notice(self.tr("%1 joined").replace("%1", nick))

    def _on_client_user_left(self, nick: str, reason: str) -> None:
        self.history_replay.end()
        text = self.tr("%1 left").replace("%1", nick)
        self.chat_view.add_notice(f"{text} ({reason})" if reason else text)
        if self.message_input.recipient == nick:
            self.message_input.set_recipient("")

    def _on_client_nick_changed(self, old: str, new: str) -> None:
        self.history_replay.end()
        self.chat_view.add_notice(
            self.tr("%1 is now known as %2").replace("%1", old).replace("%2", new)
        )
        if self.message_input.recipient == old:
            self.message_input.set_recipient(new)

    def _on_client_users_changed(self, users: list[str]) -> None:
        self.conversation.show_users(users, self.client.nick)

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
            # The server's own reason is translated; an operator's words are shown as sent.
            if message == KICK_REASON:
                message = self.tr("kicked by the operator")
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
        if self._reconnect_key:
            return  # a failed retry: the row counting them says it, the banner already did
        self.banner.show_error(sentence)

    def _on_message_input_submitted(self, text: str, to: str) -> None:
        if to:  # writing privately: the line is the message, slash or not
            self._say(text, to, False, typed=text)
            return
        # Slash commands as netcat users have them; a plain line is said to the room.
        answer = run_typed_line(
            self.client, text, say=lambda said, recipient, me: self._say(said, recipient, me, text)
        )
        if answer:
            self.chat_view.add_notice(answer)

    def _say(self, text: str, to: str | None, me: bool, typed: str) -> None:
        # Away from a room it has been in, the client keeps messages in its
        # outbox and sends them when it is back; they show as "sending" till then.
        state = self.client.state
        been_in_room = bool(self.client.client_id)
        if state is ClientState.DISCONNECTED and not been_in_room:
            self.message_input.edit.setPlainText(typed)  # keep what they typed
            self.banner.show_error(self.tr("Not connected: connect first, then send."))
            return
        if state is ClientState.DISCONNECTED:
            self.banner.show_info(
                self.tr("Not connected: your message goes out when you connect again.")
            )
        self.history_replay.end()
        self.own_messages.send(text, to or None, me)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.client.state is not ClientState.DISCONNECTED:
            self.client.disconnect_from_server()
        super().closeEvent(event)
