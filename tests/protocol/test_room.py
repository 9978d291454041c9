"""The sans-IO room (chatapp/protocol/room.py): events in, what to send to whom out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from chatapp.protocol import Chat
from chatapp.protocol.room import (
    PRESENCE_BATCH_S,
    RenameRefusedError,
    Room,
    visible_to,
)
from chatapp.protocol.session import ProtocolSession, Role


@dataclass(eq=False)
class Member:
    name: str
    plain: bool = False
    nick: str = ""
    presence_from: int = 0
    catching_up: bool = False
    session: ProtocolSession = field(default_factory=lambda: ProtocolSession(Role.SERVER))

    def __post_init__(self) -> None:
        data = b"hi\n" if self.plain else b'{"type":"hello","v":1,"nick":"x"}\n'
        self.session.receive_data(data)  # decides its mode, as a real peer's first line does
        while self.session.next_event() is not None:
            pass

    @property
    def link(self) -> Member:
        return self


def written(plan) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for links, data, count in plan:
        assert count >= 1
        for link in links:
            out[link.name] = out.get(link.name, b"") + data
    return out


def frames(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.splitlines()]


def chat(seq: int, sender: str, text: str, to: str | None = None) -> Chat:
    return Chat(seq, "2026-12-03T10:00:00.000Z", sender, text, to)


def test_joins_are_batched_and_a_newcomer_is_not_told_of_its_own_join():
    room: Room[Member] = Room()
    alice, bob = Member("alice"), Member("bob")
    assert room.join(alice, "alice", 0.0) == "alice"
    assert room.next_deadline() == pytest.approx(PRESENCE_BATCH_S)
    room.join(bob, "bob", 0.01)
    out = written(room.flush_presence())
    # bob's welcome listed both nicks; alice's only herself
    assert out == {"alice": b'{"type":"join","nick":"bob"}\n'}
    assert room.take_users_changed() and room.users() == ["alice", "bob"]
    room.leave(bob, "quit", 1.0)
    out = written(room.flush_presence())
    assert frames(out["alice"]) == [{"type": "leave", "nick": "bob", "reason": "quit"}]
    assert room.next_deadline() is None


def test_a_member_gets_only_the_notices_after_its_welcome():
    room: Room[Member] = Room()
    alice, bob, carol = Member("alice"), Member("bob"), Member("carol")
    room.join(alice, "alice", 0.0)
    room.flush_presence()
    room.join(bob, "bob", 0.0)
    room.join(carol, "carol", 0.0)
    out = written(room.flush_presence())
    assert [f["nick"] for f in frames(out["alice"])] == ["bob", "carol"]
    assert [f["nick"] for f in frames(out["bob"])] == ["carol"]
    assert "carol" not in out


def test_guests_and_taken_nicks_get_free_variants():
    room: Room[Member] = Room()
    assert room.join(Member("a", plain=True), "", 0.0) == "guest1"
    assert room.join(Member("b", plain=True), "", 0.0) == "guest2"
    assert room.join(Member("c"), "Alice", 0.0) == "Alice"
    assert room.join(Member("d"), "\u0430lice", 0.0) == "\u0430lice2"  # Cyrillic а
    assert room.join(Member("e"), "server", 0.0) == "server2"  # the operator's


def test_rename_to_a_look_alike_is_refused():
    room: Room[Member] = Room()
    alice, mallory = Member("alice"), Member("mallory")
    room.join(alice, "alice", 0.0)
    room.join(mallory, "mallory", 0.0)
    with pytest.raises(RenameRefusedError, match="taken or looks like"):
        room.rename(mallory, "\u0430lice", 0.0)
    with pytest.raises(RenameRefusedError):
        room.rename(mallory, "", 0.0)
    assert room.rename(alice, "Alice", 0.0) == "alice"  # a new spelling of one's own
    out = written(room.flush_presence())
    assert frames(out["mallory"])[-1] == {"type": "nick", "nick": "Alice", "old": "alice"}


def test_visibility_is_written_once():
    private = chat(1, "alice", "psst", "Bob")
    assert visible_to(private, "bob") and visible_to(private, "ALICE")
    assert not visible_to(private, "carol")
    assert visible_to(chat(2, "alice", "hi"), "carol")


def test_fan_out_encodes_once_per_mode_and_keeps_private_chats_private():
    room: Room[Member] = Room()
    members = [Member(n) for n in ("alice", "bob", "carol")] + [Member("dave", plain=True)]
    for m in members:
        room.join(m, m.name, 0.0)
    room.flush_presence()
    chats = [chat(1, "alice", "hello all"), chat(2, "alice", "psst", "bob")]
    plan = room.fan_out_chats(chats)
    out = written(plan)
    assert [f["text"] for f in frames(out["carol"])] == ["hello all"]
    assert [f["text"] for f in frames(out["bob"])] == ["hello all", "psst"]
    assert b"alice: hello all" in out["dave"] and b"psst" not in out["dave"]
    # One group per mode gets the same bytes (carol: JSON; dave: plain text);
    # the private chat's two ends are written to one by one.
    assert sorted(len(links) for links, _, _ in plan) == [1, 1, 1, 1]
    assert [link.name for links, _, _ in plan for link in links if len(links) == 1][-2:] \
        == ["carol", "dave"]


def test_only_the_sender_copy_carries_its_message_id():
    room: Room[Member] = Room()
    alice, bob = Member("alice"), Member("bob")
    room.join(alice, "alice", 0.0)
    room.join(bob, "bob", 0.0)
    out = written(room.fan_out_chats([chat(5, "alice", "hi")], {5: (alice, "c-9")}))
    assert frames(out["alice"])[0]["id"] == "c-9"
    assert "id" not in frames(out["bob"])[0]


def test_a_catching_up_member_gets_nothing_live():
    room: Room[Member] = Room()
    alice, bob = Member("alice"), Member("bob")
    room.join(alice, "alice", 0.0)
    room.join(bob, "bob", 0.0)
    bob.catching_up = True
    assert set(written(room.fan_out_chats([chat(1, "alice", "hi")]))) == {"alice"}


def test_many_rooms_keep_their_own_nicks_presence_and_audiences():
    rooms = {name: Room[Member](name) for name in ("lobby", "lab", "quiet")}
    for name, room in rooms.items():
        for who in ("alice", "bob"):
            room.join(Member(f"{name}/{who}"), who, 0.0)  # same nicks, different rooms
        room.flush_presence()
    rooms["lab"].join(Member("lab/carol"), "carol", 1.0)
    assert rooms["lobby"].next_deadline() is None and rooms["lab"].next_deadline() is not None
    out = written(rooms["lobby"].fan_out_chats([chat(1, "alice", "hi")]))
    assert set(out) == {"lobby/alice", "lobby/bob"}
    assert rooms["quiet"].users() == ["alice", "bob"]
    assert set(written(rooms["lab"].flush_presence())) == {"lab/alice", "lab/bob"}


def test_a_leave_of_someone_not_here_changes_nothing():
    room: Room[Member] = Room()
    room.leave(Member("ghost"), "gone", 0.0)
    assert room.next_deadline() is None and len(room) == 0

