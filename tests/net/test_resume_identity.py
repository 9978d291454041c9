"""Who may resume a session, over loopback (issue 14, items 3 and 10): only the
holder of the resume token from its welcome. The public client_id, an empty
one, or a made-up token evicts nobody and poisons no one's de-duplication."""

import pytest
from net_support import LOOPBACK, WAIT_MS
from timed_peer_support import TimedPeer, hello_bytes, say_bytes

from chatapp.net import ClientState
from chatapp.protocol import Resume, Say
from chatapp.protocol.backoff import Backoff


def welcomed(qtbot, port: int, nick: str, resume: Resume | None = None) -> tuple[TimedPeer, dict]:
    peer = TimedPeer(port)
    peer.send(hello_bytes(nick, resume))
    _, welcome = peer.wait_for(qtbot, "welcome")
    return peer, welcome


FORGED_TOKENS = ["", "x", "not a token at all", "A" * 40]  # empty, malformed, unknown


@pytest.mark.parametrize("token", FORGED_TOKENS, ids=["empty", "short", "spaces", "unknown"])
def test_knowing_a_client_id_does_not_evict_its_owner(qtbot, server, online, token):
    victim = online("victim")
    left = []
    server.peer_left.connect(lambda peer, reason: left.append((peer.nick, reason)))
    resume = Resume(victim.client_id, 0, token)  # what anyone who saw the welcome knows
    attacker, welcome = welcomed(qtbot, server.port, "victim", resume)
    assert welcome["client_id"] != victim.client_id  # a fresh session of its own
    assert welcome["nick"] != "victim"  # the nick is still taken by its owner
    with qtbot.waitSignal(victim.chat_received, timeout=WAIT_MS):
        server.say("still here?")
    assert victim.state is ClientState.ONLINE and left == []
    attacker.close()


def test_knowing_a_client_id_does_not_poison_its_owners_deduplication(qtbot, server, online):
    victim, bob = online("victim"), online("bob")
    attacker, _ = welcomed(qtbot, server.port, "mallory", Resume(victim.client_id, 0))
    # The ids the victim will use next, stored first under the victim's public id.
    attacker.send(b"".join(say_bytes(f"c-{n}", "squatting") for n in range(1, 11)))
    qtbot.waitUntil(lambda: sum(f["type"] == "ack" for _, f in attacker.frames()) == 10,
                    timeout=WAIT_MS)
    received = []
    bob.chat_received.connect(lambda chat: received.append((chat.sender, chat.text)))
    with qtbot.waitSignal(victim.message_acked, timeout=WAIT_MS):
        victim.send_text("my own words")
    # Before the fix the victim's message was acked as a duplicate and never shown.
    qtbot.waitUntil(lambda: ("victim", "my own words") in received, timeout=WAIT_MS)
    attacker.close()


@pytest.mark.parametrize("resume", [Resume("", 0), Resume("", 0, ""), Resume("anything", 0)],
                         ids=["empty-id", "empty-id-and-token", "made-up-id"])
def test_plain_text_peers_are_never_evicted_by_a_resume(qtbot, server, resume):
    netcat = TimedPeer(server.port)
    netcat.send(b"hi from netcat\n")
    qtbot.waitUntil(lambda: any("welcome" in t for t in netcat.texts()), timeout=WAIT_MS)
    left = []
    server.peer_left.connect(lambda peer, reason: left.append((peer.nick, reason)))
    resumer, welcome = welcomed(qtbot, server.port, "resumer", resume)
    assert welcome["client_id"]
    server.say("marker")
    qtbot.waitUntil(lambda: any("marker" in t for t in netcat.texts()), timeout=WAIT_MS)
    assert left == [] and not netcat.closed
    assert len(server.users()) == 2
    for peer in (netcat, resumer):
        peer.close()


def test_the_token_holder_replaces_its_own_stale_connection(qtbot, server):
    old, welcome = welcomed(qtbot, server.port, "alice")
    token = welcome["resume_token"]
    assert len(token) >= 22 and token != welcome["client_id"]
    left = []
    server.peer_left.connect(lambda peer, reason: left.append((peer.nick, reason)))
    # The old connection is still open (its end died without a FIN, as it were).
    new, again = welcomed(qtbot, server.port, "alice", Resume(welcome["client_id"], 0, token))
    assert left == [("alice", "reconnected")]
    assert again["nick"] == "alice"  # its nick back
    assert again["client_id"] == welcome["client_id"]  # the same public id
    assert again["resume_token"] == token
    for peer in (old, new):
        peer.close()


def test_a_chat_client_resumes_catches_up_and_its_resend_is_stored_once(qtbot, server, online):
    alice, bob = online("alice"), online("bob")
    public_id = alice.client_id
    shown = []
    bob.chat_received.connect(lambda chat: shown.append(chat.text))
    acks = []
    alice.message_acked.connect(lambda mid, seq: acks.append((mid, seq)))
    say = Say("c-resent", "only once please")
    alice.connection.send(say)
    qtbot.waitUntil(lambda: len(acks) == 1, timeout=WAIT_MS)
    missed = []
    alice.chat_received.connect(lambda chat: missed.append(chat.text))
    # The connection breaks; while alice is away bob speaks.
    alice.backoff = Backoff(first=60, cap=60)
    with qtbot.waitSignal(alice.reconnect_countdown, timeout=WAIT_MS):
        alice.connection.abort()
    with qtbot.waitSignal(bob.message_acked, timeout=WAIT_MS):
        bob.send_text("while alice was away")
    with qtbot.waitSignal(alice.welcomed, timeout=WAIT_MS):
        alice.reconnect_now()
    assert alice.client_id == public_id and alice.nick == "alice"
    qtbot.waitUntil(lambda: "while alice was away" in missed, timeout=WAIT_MS)
    alice.connection.send(say)  # as after a reconnect with the ack lost
    qtbot.waitUntil(lambda: len(acks) == 2, timeout=WAIT_MS)
    assert acks[0] == acks[1]  # the same seq: recognised as the same message
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS):
        alice.send_text("a marker after it")
    assert shown == ["only once please", "while alice was away", "a marker after it"]


def test_the_token_is_never_sent_to_another_server(qtbot, server, online):
    import json
    import socket

    alice = online("alice")
    other = socket.socket()  # another server, which must not learn alice's secret
    other.bind((LOOPBACK, 0))
    other.listen(1)
    other.setblocking(False)
    alice.auto_reconnect = False
    alice.disconnect_from_server()
    alice.connect_to(LOOPBACK, other.getsockname()[1], "alice")
    accepted = []

    def accept() -> bool:
        try:
            accepted.append(other.accept()[0])
        except BlockingIOError:
            return False
        return True

    qtbot.waitUntil(accept, timeout=WAIT_MS)
    conn = accepted[0]
    conn.setblocking(False)
    received = bytearray()

    def read_line() -> bool:
        try:
            received.extend(conn.recv(65536))
        except BlockingIOError:
            pass
        return b"\n" in received

    qtbot.waitUntil(read_line, timeout=WAIT_MS)
    hello = json.loads(received.split(b"\n")[0])
    assert hello["type"] == "hello" and "token" not in hello.get("resume", {})
    conn.close()
    other.close()
