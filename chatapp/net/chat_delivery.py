"""The server's one adapter to the history store for live chats: store a
chat, deliver the stored batch through the room's fan-out plan, acknowledge
each chat once it is on the disk, and tell the room when storing fails.
(Backlog reads for newcomers are backlog.py's.)"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject

from ..protocol import Ack, Chat, Error
from ..protocol import errors as codes
from ..protocol.room import Room
from .fan_out import write_plan
from .history_store import HistoryResults, HistoryStore, Stored
from .peer import Peer

STORE_FAILED_NOTICE = (
    "The server cannot save messages ({reason}): nothing said now reaches "
    "anyone. The server's operator has been told."
)
SYNC_FAILED_NOTICE = (
    "The server's disk refused to write the chat history: messages are shown but "
    "may be lost if the server stops. The server's operator has been told."
)


@dataclass(frozen=True, slots=True)
class _Said:
    """store()'s tag for a peer's chat: whom to acknowledge (or tell), and its id."""

    peer: Peer
    id: str


class ChatDelivery(QObject):
    def __init__(
        self,
        history: HistoryStore,
        room: Room[Peer],
        is_present: Callable[[Peer], bool],
        before_delivery: Callable[[], None],
        delivered: Callable[[Chat], None],
        problem: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._room = room
        self._is_present = is_present
        self._before_delivery = before_delivery  # the room's presence batch, first
        self._delivered = delivered  # each Chat stored and sent, private ones too
        self._problem = problem  # a sentence for the operator
        # Acks in commit order, each held until its chat is on the disk.
        self._unsynced_acks: deque[tuple[Peer, Ack]] = deque()
        # While chats cannot be stored: the sentence the room was told.
        self.storage_failure: str | None = None
        # The store's one channel back: stored chats, failures, the disk's progress.
        history.results.connect(self._on_history_results)

    def post(
        self, sender: str, text: str, to: str | None, me: bool,
        peer: Peer | None = None, message_id: str = "",
    ) -> None:
        """Store one chat; it is delivered once committed (a killed server
        keeps it), and a peer's chat acknowledged once it is on the disk
        (_on_history_results). A resend is only acknowledged."""
        to = self._room.recipient(to)
        client_id = peer.client_id if peer else ""
        # Plain-text peers have no message ids to resend, so nothing to de-duplicate.
        stored_id = "" if peer is None or peer.is_plain else message_id
        said = _Said(peer, message_id) if peer is not None else None
        self.history.store(sender, text, to, me, client_id, stored_id, said)

    def _on_history_results(self, results: HistoryResults) -> None:
        """What the store finished, in commit order: deliver the stored chats,
        queue their acks, tell the senders of those not stored (and the room,
        once while that lasts), and send the acks whose chats are now on the disk."""
        for sentence in results.problems:
            self._problem(sentence)
        if results.stored:
            if not results.sync_broken:
                self.storage_failure = None  # storing works (again)
            self._send_stored(results.stored)
        for lost in results.not_stored:
            self.tell_room_storage_failed(STORE_FAILED_NOTICE.format(reason=lost.reason))
            said = lost.tag
            if isinstance(said, _Said) and self._is_present(said.peer):
                said.peer.connection.send(Error(codes.STORAGE_FAILED, (
                    f"Your message was not saved ({lost.reason}), so nobody received it. "
                    "Try again later, and tell the server's operator."
                ), said.id))
        self._send_synced_acks()  # the disk may have caught up already

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

    def _send_stored(self, stored: list[Stored]) -> None:
        """Deliver the chats just stored, then queue their acks.

        A busy room stores many chats per commit (group commit): each peer gets
        all of them in one write, encoded once per batch, rather than one write
        per chat per peer. Each sender's ack still follows its chat, and the
        sender's copy carries its message id (Chat.id)."""
        self._before_delivery()  # a newcomer's join before its first words
        fresh = [item for item in stored if not item.duplicate]  # a resend: ack only
        if fresh:
            senders = {
                item.chat.seq: (item.tag.peer.connection, item.tag.id)
                for item in fresh
                if isinstance(item.tag, _Said) and item.tag.id and not item.tag.peer.is_plain
            }
            chats = [item.chat for item in fresh]
            write_plan(self._room.fan_out_chats(chats, senders))
            for chat in chats:
                self._delivered(chat)
        for item in stored:
            if isinstance(item.tag, _Said):
                self._unsynced_acks.append((item.tag.peer, Ack(item.tag.id, item.chat.seq)))

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
