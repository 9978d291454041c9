"""Nobody in the room can print like someone else or like the server: the
registry's rule, then the same over real loopback sockets (hello, /nick and a
plain-text peer's first line)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from net_support import LOOPBACK, WAIT_MS
from raw_peer_support import RawPeer, welcomed_json_peer

from chatapp.net import ChatClient
from chatapp.protocol import NickChange, nick_problem
from chatapp.protocol.nick_key import case_key, skeleton
from chatapp.protocol.nick_registry import NickRegistry

JOSE_NFC = "jos\u00e9"
JOSE_NFD = "jose\u0301"
CYRILLIC_ALICE = "\u0430lice"
CYRILLIC_SERVER = "\u0455erver"
MATH_ALICE = "\U0001d41a\U0001d425\U0001d422\U0001d41c\U0001d41e"
WIDE_ALICE = "\uff41\uff4c\uff49\uff43\uff45"


def test_a_look_alike_of_a_present_nick_gets_a_numbered_variant() -> None:
    registry: NickRegistry[int] = NickRegistry(reserved=("server",))
    assert registry.claim("alice", 1) == "alice"
    for owner, look_alike in enumerate([CYRILLIC_ALICE, MATH_ALICE, WIDE_ALICE, "aIice"], 2):
        given_nick = registry.claim(look_alike, owner)
        assert given_nick == look_alike + str(owner)  # reads differently: a number follows
        assert registry.owner(look_alike) == 1  # alice holds the look
    assert registry.owner("ALICE") == 1


def test_the_servers_nick_and_its_look_alikes_are_never_given() -> None:
    registry: NickRegistry[int] = NickRegistry(reserved=("server",))
    for owner, look_alike in enumerate(
        ["server", "Server", CYRILLIC_SERVER, "\u0405erver", "\u0455\u0435rv\u0435r",
         "\uff53\uff45\uff52\uff56\uff45\uff52"]
    ):
        assert look_alike in registry
        assert registry.claim(look_alike, owner) != look_alike
        assert not registry.is_free_for(look_alike, owner)
    assert registry.owner(CYRILLIC_SERVER) is None  # reserved, but nobody in the room


def test_nfc_and_nfd_are_one_nick() -> None:
    registry: NickRegistry[int] = NickRegistry()
    assert registry.claim(JOSE_NFD, 1) == JOSE_NFC  # kept in its normal form
    assert registry.claim(JOSE_NFC, 2) == JOSE_NFC + "2"
    assert registry.owner(JOSE_NFD) == 1
    registry.release(JOSE_NFD)
    assert registry.nicks() == [JOSE_NFC + "2"]


def test_one_may_respell_ones_own_nick_but_not_take_anothers_look() -> None:
    registry: NickRegistry[str] = NickRegistry(reserved=("server",))
    registry.claim("alice", "alice's")
    registry.claim("bob", "bob's")
    assert registry.is_free_for("ALICE", "alice's")
    assert registry.is_free_for(CYRILLIC_ALICE, "alice's")
    assert not registry.is_free_for(CYRILLIC_ALICE, "bob's")
    assert not registry.is_free_for("b0b", "alice's")
    assert not registry.is_free_for(CYRILLIC_SERVER, "alice's")
    assert registry.is_free_for("carol", "alice's")


def test_a_name_longer_than_any_nick_is_nobodys() -> None:
    registry: NickRegistry[int] = NickRegistry(reserved=("server",))
    registry.claim("alice", 1)
    huge = "\ufdfa" * 60_000  # NFKC makes each of these 18 characters
    assert huge not in registry and registry.owner(huge) is None
    assert not registry.is_free_for(huge, 1)


pieces = st.sampled_from(
    ["a", "A", "\u0430", "l", "I", "1", "i", "c", "\u0441", "e", "\u0435", "\u00e9",
     "e\u0301", "s", "\u0455", "o", "0", "\u03bf", "\uff41", "2"]
)
nicks = st.lists(pieces, min_size=1, max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), nicks), max_size=40))
def test_no_two_present_nicks_share_a_skeleton_or_a_case_key(
    steps: list[tuple[bool, str]],
) -> None:
    registry: NickRegistry[int] = NickRegistry(reserved=("server",))
    present: list[str] = []
    for joining, wanted in steps:
        if joining or not present:
            present.append(registry.claim(wanted, len(present)))
        else:
            registry.release(present.pop(len(wanted) % len(present)))
    assert len({skeleton(nick) for nick in present}) == len(present)
    assert len({case_key(nick) for nick in present}) == len(present)
    assert all(nick == unicodedata.normalize("NFC", nick) for nick in present)
    assert all(skeleton(nick) != skeleton("server") for nick in present)
    assert sorted(registry.nicks()) == sorted(present)


# --- over loopback -----------------------------------------------------------


def _welcome_nick(peer: RawPeer) -> str:
    return next(f["nick"] for f in peer.frames() if f["type"] == "welcome")


def test_hello_with_an_invisible_character_is_refused(qtbot, server) -> None:
    client = ChatClient()
    client.auto_reconnect = False
    with qtbot.waitSignal(client.server_error, timeout=WAIT_MS) as error, \
            qtbot.waitSignal(client.disconnected, timeout=WAIT_MS):
        client.connect_to(LOOPBACK, server.port, "server\u034f")
    assert error.args[0] == "invalid_nick"
    assert "U+034F" in error.args[1]


def test_hello_look_alikes_get_visibly_different_nicks(qtbot, server) -> None:
    alice = welcomed_json_peer(qtbot, server.port, "alice")
    peers = [alice]
    try:
        # аlice2 then looks like alice2, so the next look-alike is number 3.
        for wanted, suffix in ((CYRILLIC_ALICE, "2"), (MATH_ALICE, "3"), (CYRILLIC_SERVER, "2")):
            peers.append(welcomed_json_peer(qtbot, server.port, wanted))
            assert _welcome_nick(peers[-1]) == wanted + suffix
        jose = welcomed_json_peer(qtbot, server.port, JOSE_NFD)
        peers.append(jose)
        assert _welcome_nick(jose) == JOSE_NFC  # stored and shown in NFC
        peers.append(welcomed_json_peer(qtbot, server.port, JOSE_NFC))
        assert _welcome_nick(peers[-1]) == JOSE_NFC + "2"
        assert all(skeleton(nick) != skeleton("server") for nick in server.users())
    finally:
        for peer in peers:
            peer.close()


def test_renaming_to_a_look_alike_is_refused(qtbot, connect_client) -> None:
    connect_client("alice")
    bob = connect_client("bob")
    for wanted in (CYRILLIC_ALICE, CYRILLIC_SERVER, "alice\ufe0f"):
        with qtbot.waitSignal(bob.server_error, timeout=WAIT_MS) as error:
            bob.connection.send(NickChange(wanted))
        assert error.args[0] == "invalid_nick"
    with qtbot.waitSignal(bob.nick_changed, timeout=WAIT_MS) as changed:
        bob.connection.send(NickChange("\u0432ob"))  # Cyrillic в: a different-looking bob
    assert changed.args == ["bob", "\u0432ob"]


def test_renaming_in_nfd_gives_the_nfc_nick(qtbot, connect_client) -> None:
    alice, bob = connect_client("alice"), connect_client("bob")
    with qtbot.waitSignal(alice.nick_changed, timeout=WAIT_MS) as changed:
        bob.connection.send(NickChange(JOSE_NFD))
    assert changed.args == ["bob", JOSE_NFC]


def test_a_plain_text_peer_naming_itself_like_someone_else(qtbot, server) -> None:
    alice = welcomed_json_peer(qtbot, server.port, "alice")
    plain = RawPeer(server.port, f"/nick {CYRILLIC_ALICE}\n".encode())
    hidden = RawPeer(server.port, "/nick alice\u3164\n".encode())
    try:
        qtbot.waitUntil(lambda: any(b"welcome to chatapp" in line for line in plain.lines()),
                        timeout=WAIT_MS)
        assert f"welcome to chatapp, {CYRILLIC_ALICE}2.".encode() in b"\n".join(plain.lines())
        # An invisible nick on the first line is ignored: a guest nick instead.
        qtbot.waitUntil(lambda: any(b"welcome to chatapp, guest" in line
                                    for line in hidden.lines()), timeout=WAIT_MS)
        assert nick_problem("alice\u3164")
    finally:
        for peer in (alice, plain, hidden):
            peer.close()
