"""Your own messages in the client's chat, from the moment you press Enter.

A message is shown at once, marked "sending", even while the client is
offline and keeps it in its outbox; it turns "delivered" when the server's
`ack` says it is stored, or "failed" with the server's reason.

The server also sends your message back to you as a `chat` (that is how the
room sees it), and your copy carries your message id (`Chat.id`): the echo is
matched to the row already shown by that id. Servers that do not send the id
(older ones; and history replayed after a resume, which is stored without it)
are matched by text instead: the oldest message in flight with the same text
(cleaned the way the server cleans it), recipient and /me flag. Should that
ever miss (the server changed the text some other way), the echo is shown as
its own row, and the ack, whose seq equals the echo's, removes the duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from ..net import ChatClient
from ..net.client import Receipt
from ..protocol import Chat, clean_text
from .chat_model import ChatEntry, EntryKind, local_time
from .chat_view import ChatView


@dataclass
class _InFlight:
    text: str  # as the server will store it
    to: str | None
    me: bool
    echoed: bool = False  # the server's chat for it has been matched to the row


def _as_stored(text: str) -> str:
    """What the server keeps of a message (see ChatServer._on_say)."""
    return clean_text(text).strip("\n")


def _same_nick(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold() and (a is None) == (b is None)


class OwnMessages(QObject):
    def __init__(self, client: ChatClient, view: ChatView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.view = view
        self._in_flight: dict[str, _InFlight] = {}  # message id -> what to match, oldest first
        self._stray_echoes: dict[int, str] = {}  # seq -> row key of an unmatched echo
        self._failed_last = ""  # the id whose refusal reason comes with the next server_error
        client.receipt_changed.connect(self._on_client_receipt_changed)
        client.message_acked.connect(self._on_client_message_acked)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def echo_matched(self, message_id: str) -> bool:
        """Whether the server's copy of this message in flight has been matched."""
        sent = self._in_flight.get(message_id)
        return sent is not None and sent.echoed

    def send(self, text: str, to: str | None = None, me: bool = False) -> str:
        """Hand the message to the client and show it as "sending"; returns its id."""
        message_id = self.client.send_text(text, to, me)
        self._in_flight[message_id] = _InFlight(_as_stored(text), to, me)
        self.view.add_own(message_id, text, self.client.nick, to, me)
        return message_id

    def claim_echo(self, chat: Chat) -> bool:
        """The server's copy of one of our messages arrived: True if it is a row
        already shown (then it must not be added again)."""
        if chat.id is not None:
            sent = self._in_flight.get(chat.id)
            if sent is None or sent.echoed:
                return False  # not a message of ours waiting for its echo
            self._mark_echoed(chat.id, sent, chat)
            return True
        # The text fallback, for servers that do not send the id.
        for message_id, sent in self._in_flight.items():
            if (
                not sent.echoed
                and sent.text == chat.text
                and sent.me == chat.me
                and _same_nick(sent.to, chat.to)
            ):
                self._mark_echoed(message_id, sent, chat)
                return True
        if any(not sent.echoed for sent in self._in_flight.values()):
            key = f"seq-{chat.seq}"
            self._stray_echoes[chat.seq] = key
            self.view.chat_model.add(self._echo_entry(chat), key)
            return True
        return False

    def _mark_echoed(self, message_id: str, sent: _InFlight, chat: Chat) -> None:
        sent.echoed = True
        # The room's time for it, as everyone else sees it.
        self.view.chat_model.update(message_id, time=local_time(chat.ts), text=chat.text)

    def attach_refusal(self, message: str) -> bool:
        """The server's reason for the message that just failed; False if no
        message failed just now (the error is about something else)."""
        message_id, self._failed_last = self._failed_last, ""
        if not message_id:
            return False
        self.view.set_receipt(message_id, Receipt.FAILED, message)
        self.view.chat_model.forget(message_id)
        return True

    def _echo_entry(self, chat: Chat) -> ChatEntry:
        return ChatEntry(
            EntryKind.CHAT, chat.text, local_time(chat.ts), chat.sender, chat.to, True, chat.me
        )

    # --- slots ----------------------------------------------------------------------

    def _on_client_receipt_changed(self, message_id: str, receipt: Receipt) -> None:
        self._failed_last = ""
        if message_id not in self._in_flight or receipt is Receipt.SENDING:
            return
        self._in_flight.pop(message_id)
        self.view.set_receipt(message_id, receipt)
        if receipt is Receipt.FAILED:
            self._failed_last = message_id  # server_error brings the reason next
            self._tidy()
        # DELIVERED: message_acked follows at once and finishes the row.

    def _on_client_message_acked(self, message_id: str, seq: int) -> None:
        key = self._stray_echoes.pop(seq, None)
        if key is not None:
            # The echo we could not match was this message: keep one row, the
            # echo (it has the room's text), marked delivered.
            self.view.chat_model.remove(message_id)
            self.view.chat_model.update(key, receipt=Receipt.DELIVERED)
            self.view.chat_model.forget(key)
        else:
            self.view.chat_model.forget(message_id)  # final: it will not change again
        self._tidy()

    def _tidy(self) -> None:
        if not self._in_flight and self._stray_echoes:
            # Nothing of ours is waiting: those echoes were older messages
            # (another session's), and stay as they are.
            for key in self._stray_echoes.values():
                self.view.chat_model.forget(key)
            self._stray_echoes.clear()
