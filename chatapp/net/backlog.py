"""Backlogs: the history owed to a newcomer or a resuming client, a page at a time.

A plain join gets the last RECENT_ON_JOIN chats; a resume gets every chat
after its last_seq that it may see (at most the newest SINCE_LIMIT). Either
way the history is read and sent in pages of PAGE_CHATS, or fewer when
their texts reach PAGE_CHARS:

- bounded: one page in memory per reader, never the whole backlog;
- paced: the next page is read only once the previous one has left Qt's
  send buffer for the kernel (a peer that does not read gets no more);
- taking turns: at most READS_PER_ADDRESS page reads in flight per address
  and READS_IN_TOTAL for the server (read_turns.py);
- cancellable: when the peer leaves, its waiting reads are withdrawn and a
  read already queued on the store is skipped there (HistoryStore.page).

Nothing missed, nothing twice: while a peer catches up (Peer.catching_up)
live chats skip it; every page read is queued behind the writes submitted
before it, so a later page holds the chats that skipped it meanwhile, and
the store answers it only after the `results` of those writes (so the room
has had them). A page that is neither full nor at PAGE_CHARS reached the
end: the peer then takes live chats from the next commit on, which that
read did not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from ..protocol import Chat
from ..protocol.backlog_pages import BacklogPages
from .history_store import HistoryStore
from .peer import Peer
from .read_turns import ReadTurns

# A page of chats: about 50 KB of JSON for typical lines, a few ms to read...
PAGE_CHATS = 250
# ...and never much more than this many characters of text, however long the
# chats (250 of the longest allowed would be 16 MB).
PAGE_CHARS = 256 * 1024
# Page reads under way at once, for one address and for everyone: a few, so
# that a storm of resumes from one machine queues behind itself while the
# other readers and the writes still get the disk.
READS_PER_ADDRESS = 2
READS_IN_TOTAL = 8


@dataclass(eq=False)
class _CatchUp:
    peer: Peer
    pages: BacklogPages  # what to read next (sans-IO)
    reading: bool = False  # a page read holds a turn
    gone: bool = False  # the peer left: nothing more is read or sent
    on_written: Callable[..., None] | None = field(default=None, repr=False)


class Backlogs(QObject):
    """Sends each catching-up peer its history."""

    def __init__(
        self,
        history: HistoryStore,
        parent: QObject | None = None,
        *,
        page_chats: int = PAGE_CHATS,
        turns: ReadTurns | None = None,
    ) -> None:
        super().__init__(parent)
        self._history = history
        self.page_chats = page_chats
        self.page_chars = PAGE_CHARS
        self.turns = turns or ReadTurns(READS_PER_ADDRESS, READS_IN_TOTAL)
        self._catching_up: dict[Peer, _CatchUp] = {}
        self.pages_sent = 0  # for tests and the event log

    def __len__(self) -> int:
        return len(self._catching_up)

    def start(self, peer: Peer, last_seq: int | None) -> None:
        """Send `peer` its history: the recent chats (last_seq None) or all
        after last_seq. Live chats skip it until the last page is sent."""
        self.cancel(peer)  # a second hello cannot double a peer's reads
        peer.catching_up = True
        state = _CatchUp(peer, BacklogPages(last_seq, self.page_chats, self.page_chars))
        self._catching_up[peer] = state
        self._ask_turn(state)

    def cancel(self, peer: Peer, *_reason: object) -> None:
        """The peer left: withdraw its reads (connect to ChatServer.peer_left)."""
        state = self._catching_up.pop(peer, None)
        if state is None:
            return
        state.gone = True  # read by the store's worker: a read not begun is skipped
        self.turns.withdraw(state)
        if state.reading:  # the skipped read never answers: give its turn back now
            state.reading = False
            self.turns.done(peer.address)
        self._stop_watching_writes(state)

    def _ask_turn(self, state: _CatchUp) -> None:
        self.turns.ask(state.peer.address, state, lambda: self._read(state))

    def _read(self, state: _CatchUp) -> None:
        state.reading = True
        peer = state.peer

        def answered(chats: list[Chat]) -> None:
            self._page_read(state, chats)

        def cancelled() -> bool:
            return state.gone

        request = state.pages.next_request()
        self._history.page(
            request.after, request.count, answered, nick=peer.nick,
            newest=request.newest, cancelled=cancelled, max_chars=request.max_chars,
        )

    def _page_read(self, state: _CatchUp, chats: list[Chat]) -> None:
        if state.reading:
            state.reading = False
            self.turns.done(state.peer.address)
        if state.gone:
            return
        peer = state.peer
        peer.connection.send_many(chats)
        self.pages_sent += 1
        if not state.pages.page_received(chats):
            self._catching_up.pop(peer, None)
            peer.catching_up = False
            return
        self._when_drained(state)

    def _when_drained(self, state: _CatchUp) -> None:
        """Ask for the next page once Qt holds nothing more for this peer."""
        connection = state.peer.connection
        if connection.bytes_to_write == 0:
            self._ask_turn(state)
            return

        def written(_count: int) -> None:
            if not state.gone and connection.bytes_to_write == 0:
                self._stop_watching_writes(state)
                self._ask_turn(state)

        state.on_written = written
        connection.bytes_written.connect(written)

    @staticmethod
    def _stop_watching_writes(state: _CatchUp) -> None:
        if state.on_written is None:
            return
        try:
            state.peer.connection.bytes_written.disconnect(state.on_written)
        except (RuntimeError, TypeError):  # the connection is already deleted
            pass
        state.on_written = None
