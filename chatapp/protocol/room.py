"""One chat room, sans-IO: who is in it under which nick, the presence batch
(joins, leaves, nick changes sent together), who may see a chat, and the
fan-out plan: the room consumes events (joined, left, renamed, chats stored)
and returns what to send to whom, as byte groups an adapter writes as they
are. No Qt, no sockets; time comes in as an argument.

A server holds one Room per room (a mapping); nothing here is global, so the
rooms feature adds rooms rather than rewriting this one.

The members are the adapter's objects: the room reads `nick`,
`presence_from`, `catching_up`, `session` (the protocol session, which
encodes per mode) and hands back `link` (whatever the adapter writes to).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Generic, Protocol, TypeVar

from .messages import Chat, Join, Leave, Message, NickChange
from .nick_registry import NickRegistry
from .validation import nick_problem

OPERATOR_NICK = "server"
PLAIN_NICK_PREFIX = "guest"
# Joins, leaves and nick changes wait at most this long to go out together:
# when a building's clients all come back at once, each peer gets one write
# per batch instead of one per newcomer (which is n^2 writes for n clients).
PRESENCE_BATCH_S = 0.05
# Each batch is one write per peer; in a big room batches go out less often,
# so that joins cost at most about this many writes a second (10,000 peers: a
# batch every 0.5 s), leaving the server time for the chat itself.
PRESENCE_WRITES_PER_S = 20_000


class RoomMember(Protocol):
    nick: str
    presence_from: int
    catching_up: bool

    @property
    def session(self) -> Any: ...

    @property
    def link(self) -> Any: ...


Member = TypeVar("Member", bound=RoomMember)

# What to write: (links, bytes, messages in them). One entry per group of
# links that get the same bytes (send_raw_to_each), or per peer that differs.
FanOut = list[tuple[list[Any], bytes, int]]


def visible_to(chat: Chat, nick: str) -> bool:
    """Who may see a chat, written once: room messages are for everyone, a
    private one for its two ends only (the history's SQL asks the same)."""
    if chat.to is None:
        return True
    folded = nick.casefold()
    return chat.sender.casefold() == folded or chat.to.casefold() == folded


class RenameRefusedError(Exception):
    """A nick change the room does not allow; the message is for the asker."""


class Room(Generic[Member]):
    def __init__(self, name: str = "", reserved: tuple[str, ...] = (OPERATOR_NICK,)) -> None:
        self.name = name
        self._nicks: NickRegistry[Member] = NickRegistry(reserved=reserved)
        self._members: dict[Member, None] = {}  # joined members, in joining order
        self._guest_count = 0
        # Room notices not yet sent, each with its encodings (per mode); the
        # first of them has number _presence_base.
        self._presence: list[tuple[Message, dict[str, bytes]]] = []
        self._presence_base = 0
        self._presence_due: float | None = None
        self.users_changed = False  # since the last flush

    # --- who is here ---------------------------------------------------------

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, member: object) -> bool:
        return member in self._members

    @property
    def members(self) -> list[Member]:
        return list(self._members)

    def users(self) -> list[str]:
        return self._nicks.nicks()

    def owner(self, nick: str) -> Member | None:
        return self._nicks.owner(nick)

    def recipient(self, to: str | None) -> str | None:
        """The nick a private chat to `to` goes to: its holder's spelling, or
        the operator's when nobody here holds it."""
        if to is None:
            return None
        owner = self._nicks.owner(to)
        return owner.nick if owner else OPERATOR_NICK

    def knows(self, to: str) -> bool:
        """Whether a private chat to `to` has someone to go to."""
        return self._nicks.owner(to) is not None or to.casefold() == OPERATOR_NICK

    # --- events in -------------------------------------------------------------

    def join(self, member: Member, wanted: str, now: float) -> str:
        """`member` joins as `wanted` ("" = a guest nick), or as a free variant
        of it; returns the nick given. Its welcome (sent by the adapter right
        after, listing users()) covers every notice so far, its own join too."""
        if not wanted:
            self._guest_count += 1
            wanted = f"{PLAIN_NICK_PREFIX}{self._guest_count}"
        member.nick = self._nicks.claim(wanted, member)
        self._members[member] = None
        self._queue_presence(Join(member.nick), now)
        member.presence_from = self._presence_base + len(self._presence)
        return member.nick

    def leave(self, member: Member, reason: str, now: float) -> None:
        if member not in self._members:
            return
        del self._members[member]
        self._nicks.release(member.nick)
        self._queue_presence(Leave(member.nick, reason), now)

    def rename(self, member: Member, wanted: str, now: float) -> str:
        """Returns the old nick; raises RenameRefusedError with a sentence."""
        problem = nick_problem(wanted)
        if problem:
            raise RenameRefusedError(f"{problem}.")
        if not self._nicks.is_free_for(wanted, member):
            raise RenameRefusedError(f"the nick {wanted} is taken or looks like one that is")
        old = member.nick
        self._nicks.release(old)
        member.nick = self._nicks.claim(wanted, member)
        self._queue_presence(NickChange(member.nick, old), now)
        return old

    # --- presence batching -------------------------------------------------------

    def _queue_presence(self, message: Message, now: float) -> None:
        self._presence.append((message, {}))
        self.users_changed = True
        if self._presence_due is None:
            self._presence_due = now + self.presence_interval()

    def presence_interval(self) -> float:
        return max(PRESENCE_BATCH_S, len(self._members) / PRESENCE_WRITES_PER_S)

    def next_deadline(self) -> float | None:
        """When the presence batch is due (flush_presence), or None."""
        return self._presence_due

    def flush_presence(self) -> FanOut:
        """The queued room notices: each member gets, in one write, those its
        welcome did not already cover."""
        self._presence_due = None
        notices, base = self._presence, self._presence_base
        if not notices:
            return []
        self._presence = []
        self._presence_base = base + len(notices)
        whole: dict[Any, list[Any]] = defaultdict(list)  # mode -> links that get them all
        sessions: dict[Any, Any] = {}
        plan: FanOut = []
        for member in self._members:
            skip = member.presence_from - base
            session = member.session
            if skip <= 0:
                whole[session.mode].append(member.link)
                sessions.setdefault(session.mode, session)
            elif mine := notices[skip:]:
                data = b"".join([session.send(message, cache) for message, cache in mine])
                plan.append(([member.link], data, len(mine)))
        for mode, links in whole.items():
            session = sessions[mode]
            data = b"".join([session.send(message, cache) for message, cache in notices])
            plan.append((links, data, len(notices)))
        return plan

    def take_users_changed(self) -> bool:
        changed, self.users_changed = self.users_changed, False
        return changed

    # --- chats ---------------------------------------------------------------------

    def fan_out_chats(
        self, chats: Iterable[Chat], sender_ids: dict[int, Any] | None = None
    ) -> FanOut:
        """Chats in seq order to everyone who may see them, one write per
        member: private chats go to their two ends only; everyone else gets
        the same bytes, encoded once per mode (JSON, plain text).

        `sender_ids` maps a chat's seq to (the sender's link, its message id):
        the sender's copy carries that id, so its receipt matches by id."""
        chats = list(chats)
        shared: list[dict[str, bytes]] = [{} for _ in chats]
        pairs = list(zip(chats, shared, strict=True))
        involved = {name.casefold() for chat in chats if chat.to for name in (chat.sender, chat.to)}
        senders = {link for link, _ in sender_ids.values()} if sender_ids else ()
        public = [(chat, cache) for chat, cache in pairs if chat.to is None]
        count = len(public)
        audiences: defaultdict[Any, list[Any]] = defaultdict(list)
        sessions: dict[Any, Any] = {}
        plan: FanOut = []
        for member in self._members:
            if member.catching_up:  # its backlog has them
                continue
            link = member.link
            if (involved and member.nick.casefold() in involved) or link in senders:
                session = member.session
                parts = [
                    session.send(_own_copy(chat, link, sender_ids), None)
                    if sender_ids and _is_own(chat, link, sender_ids)
                    else session.send(chat, cache)
                    for chat, cache in pairs
                    if visible_to(chat, member.nick)
                ]
                if parts:
                    plan.append(([link], b"".join(parts), len(parts)))
            elif count:
                mode = member.session.mode
                audiences[mode].append(link)
                sessions.setdefault(mode, member.session)
        for mode, links in audiences.items():
            session = sessions[mode]
            data = b"".join([session.send(chat, cache) for chat, cache in public])
            plan.append((links, data, count))
        return plan


def _is_own(chat: Chat, link: Any, sender_ids: dict[int, Any]) -> bool:
    entry = sender_ids.get(chat.seq)
    return entry is not None and entry[0] is link


def _own_copy(chat: Chat, link: Any, sender_ids: dict[int, Any]) -> Chat:
    return replace(chat, id=sender_ids[chat.seq][1] or None)
