"""The server's one adapter to the history store for live chats: store a
chat, deliver the stored batch through the room's fan-out plan, acknowledge
each chat once it is on the disk, and tell the room when storing fails.
(Backlog reads for newcomers are backlog.py's.)"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject

from ..protocol import Ack, Chat, Error
from ..protocol import errors as codes
from ..protocol.room import Room
from .fan_out import write_plan
from .history_store import HistoryStore
from .peer import Peer

STORE_FAILED_NOTICE = (
    "The server cannot save messages ({reason}): nothing said now reaches "
    "anyone. The server's operator has been told."
)
SYNC_FAILED_NOTICE = (
    "The server's disk refused to write the chat history: messages are shown but "
    "may be lost if the server stops. The server's operator has been told."
)


class ChatDelivery(QObject):
    def __init__(
        self,
        history: HistoryStore,
        room: Room[Peer],
        is_present: Callable[[Peer], bool],
        before_delivery: Callable[[], None],
        delivered: Callable[[Chat], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._room = room
        self._is_present = is_present
        self._before_delivery = before_delivery  # the room's presence batch, first
        self._delivered = delivered  # each Chat stored and sent, private ones too
        # Chats the store has committed in its current batch, each with its
        # sender (peer, message id) if a peer said it.
        self._stored: list[tuple[Chat, bool, tuple[Peer, str] | None]] = []
        # Acks in commit order, each held until its chat is on the disk.
        self._unsynced_acks: deque[tuple[Peer, Ack]] = deque()
        # While chats cannot be stored: the sentence the room was told.
        self.storage_failure: str | None = None
        history.results_delivered.connect(self.send_stored)
        history.synced.connect(self._send_synced_acks)
        history.failed.connect(self._on_history_failed)

    def post(
        self, sender: str, text: str, to: str | None, me: bool,
        peer: Peer | None = None, message_id: str = "",
    ) -> None:
        """Store one chat, then deliver it: nothing is shown before it is
        committed (a killed server keeps it), and acks wait until it is on the
        disk (_send_synced_acks). A resend is only acknowledged. When it cannot
        be stored, the room is told (once while that lasts) and so is `peer`."""
        to = self._room.recipient(to)
        client_id = peer.client_id if peer else ""
        # Plain-text peers have no message ids to resend, so nothing to de-duplicate.
        stored_id = "" if peer is None or peer.is_plain else message_id

        def on_stored(chat: Chat, duplicate: bool) -> None:
            if not self.history.sync_broken:
                self.storage_failure = None  # storing works (again)
            self._stored.append((chat, duplicate, (peer, message_id) if peer else None))

        def on_failed(reason: str) -> None:
            self.tell_room_storage_failed(STORE_FAILED_NOTICE.format(reason=reason))
            if peer is not None and self._is_present(peer):
                peer.connection.send(Error(codes.STORAGE_FAILED, (
                    f"Your message was not saved ({reason}), so nobody received it. "
                    "Try again later, and tell the server's operator."
                ), message_id))

        self.history.store(sender, text, to, me, client_id, stored_id, on_stored, on_failed)

    def tell_room_storage_failed(self, sentence: str) -> None:
        """Once, when storing starts failing; newcomers are told while it lasts."""
        if self.storage_failure is not None:
            return
        self.storage_failure = sentence
        notice = Error(codes.STORAGE_FAILED, sentence)
        for peer in self._room.members:
            peer.connection.send(notice)

    def warn_newcomer(self, peer: Peer) -> None:
        if self.storage_failure is not None and self._is_present(peer):
            peer.connection.send(Error(codes.STORAGE_FAILED, self.storage_failure))

    def _on_history_failed(self, _sentence: str) -> None:
        if self.history.sync_broken:  # acks still waiting will never be due
            self._send_synced_acks()

    def send_stored(self) -> None:
        """Deliver the chats stored so far, then acknowledge them.

        A busy room stores many chats per commit (group commit): each peer gets
        all of them in one write, encoded once per batch, rather than one write
        per chat per peer. Each sender's ack still follows its chat, and the
        sender's copy carries its message id (Chat.id)."""
        if not self._stored:
            return
        self._before_delivery()  # a newcomer's join before its first words
        batch, self._stored = self._stored, []
        chats = [chat for chat, duplicate, _ in batch if not duplicate]  # a resend: ack only
        if chats:
            senders = {
                chat.seq: (sender[0].connection, sender[1])
                for chat, duplicate, sender in batch
                if sender is not None and not duplicate and sender[1]
                and not sender[0].is_plain
            }
            write_plan(self._room.fan_out_chats(chats, senders))
            for chat in chats:
                self._delivered(chat)
        for chat, _, sender in batch:
            if sender is not None:
                self._unsynced_acks.append((sender[0], Ack(sender[1], chat.seq)))
        self._send_synced_acks()  # the disk may have caught up already

    def _send_synced_acks(self) -> None:
        """Acknowledge the chats that are on the disk: an ack promises that the
        chat outlives a power cut. A sender's acks go out in one write."""
        synced = self.history.synced_seq
        acks: dict[Peer, list[Ack]] = {}
        waiting = self._unsynced_acks
        while waiting and waiting[0][1].seq <= synced:
            peer, ack = waiting.popleft()
            acks.setdefault(peer, []).append(ack)
        for peer, peer_acks in acks.items():
            # A peer that has left gets no ack (its connection is deleted);
            # its client resends, and is acknowledged then.
            if self._is_present(peer):
                peer.connection.send_many(peer_acks)
        if self.history.sync_broken:
            self._refuse_unsyncable_acks()

    def _refuse_unsyncable_acks(self) -> None:
        """The disk refused a flush: chats shown since then may not survive a
        power cut, and an ack would promise that. Their senders are told."""
        self.tell_room_storage_failed(SYNC_FAILED_NOTICE)
        while self._unsynced_acks:
            peer, ack = self._unsynced_acks.popleft()
            if self._is_present(peer):
                peer.connection.send(Error(codes.STORAGE_FAILED, (
                    "Your message was shown but could not be written to the disk; "
                    "it may be lost if the server stops. Tell the server's operator."
                ), ack.id))
