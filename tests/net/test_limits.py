"""Each limit of the server, with its error code, over real loopback sockets."""

import json
import socket

from net_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatClient
from chatapp.net.admission import Admission
from chatapp.protocol import Hello, Say, encode_message


class RawPeer:
    """A raw socket, read without blocking so Qt's loop keeps running."""

    def __init__(self, port: int, source: str = LOOPBACK, rcvbuf: int | None = None) -> None:
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.bind((source, 0))
        self.sock.connect((LOOPBACK, port))
        self.sock.setblocking(False)
        self.data = b""
        self.closed = False

    def send(self, data: bytes) -> None:
        self.sock.setblocking(True)
        self.sock.sendall(data)
        self.sock.setblocking(False)

    def poll(self) -> bytes:
        try:
            while chunk := self.sock.recv(65536):
                self.data += chunk
            self.closed = True  # recv returned b"": the server closed
        except BlockingIOError:
            pass
        except ConnectionResetError:
            self.closed = True
        return self.data

    def frames(self) -> list[dict]:
        self.poll()
        return [json.loads(line) for line in self.data.splitlines() if line.startswith(b"{")]

    def error_codes(self) -> list[str]:
        return [f["code"] for f in self.frames() if f.get("type") == "error"]


def hello(peer: RawPeer, nick: str) -> None:
    peer.send(encode_message(Hello(nick)))


def test_oversized_line_gets_an_error_and_the_connection_survives(qtbot, make_server):
    server = make_server()
    peer = RawPeer(server.port)
    hello(peer, "big")
    qtbot.waitUntil(lambda: any(f["type"] == "welcome" for f in peer.frames()), timeout=WAIT_MS)
    peer.send(b'{"type":"say","id":"1","text":"' + b"x" * 70_000 + b'"}\n')
    peer.send(encode_message(Say("2", "still here")))
    qtbot.waitUntil(lambda: any(f.get("type") == "ack" and f["id"] == "2" for f in peer.frames()),
                    timeout=WAIT_MS)
    assert peer.error_codes() == ["frame_too_large"]


def test_json_peer_must_say_hello_in_time(qtbot, make_server):
    server = make_server(hello_timeout=0.3, first_line_timeout=30)
    peer = RawPeer(server.port)
    peer.send(b'{"type":"hel')  # starts like JSON, never finishes
    qtbot.waitUntil(lambda: peer.poll() is not None and peer.closed, timeout=WAIT_MS)
    assert peer.error_codes() == ["handshake_timeout"]


def test_silent_peer_must_send_a_first_line_in_time(qtbot, make_server):
    server = make_server(first_line_timeout=0.3)
    peer = RawPeer(server.port)
    qtbot.waitUntil(lambda: peer.poll() is not None and peer.closed, timeout=WAIT_MS)
    # It has sent nothing, so it is most likely a person at netcat: a sentence,
    # not JSON (issue 16).
    assert peer.data.decode().startswith("-- error (handshake_timeout): no first line within")


def test_server_full_is_a_polite_refusal(qtbot, make_server):
    server = make_server(max_clients=2)
    first, second = RawPeer(server.port), RawPeer(server.port)
    qtbot.waitUntil(lambda: len(server.peers) == 2, timeout=WAIT_MS)
    third = RawPeer(server.port)
    qtbot.waitUntil(lambda: third.poll() is not None and third.closed, timeout=WAIT_MS)
    assert third.error_codes() == ["server_full"]
    assert not first.closed and not second.closed


def test_connections_per_address_are_capped(qtbot, make_server):
    server = make_server(max_per_address=2)
    kept = [RawPeer(server.port), RawPeer(server.port)]  # noqa: F841 (held open)
    qtbot.waitUntil(lambda: len(server.peers) == 2, timeout=WAIT_MS)
    third = RawPeer(server.port)
    qtbot.waitUntil(lambda: third.poll() is not None and third.closed, timeout=WAIT_MS)
    assert third.error_codes() == ["too_many_connections"]
    other_address = RawPeer(server.port, source="127.0.0.2")  # another machine, as it were
    qtbot.waitUntil(lambda: len(server.peers) == 3, timeout=WAIT_MS)
    assert not other_address.poll() and not other_address.closed


def test_a_burst_over_the_limit_is_slowed_down_not_lost(qtbot, make_server):
    server = make_server(flood_rate=20, flood_burst=5, flood_grace=10)
    peer = RawPeer(server.port)
    hello(peer, "chatty")
    peer.send(b"".join(encode_message(Say(str(i), f"m{i}")) for i in range(15)))
    qtbot.waitUntil(lambda: sum(f["type"] == "ack" for f in peer.frames()) == 15, timeout=WAIT_MS)
    assert peer.error_codes() == ["rate_limited"]
    assert not peer.closed


def test_a_sustained_flood_is_disconnected(qtbot, make_server):
    server = make_server(flood_rate=20, flood_burst=5, flood_grace=0.5)
    watcher = ChatClient()
    with qtbot.waitSignal(watcher.welcomed, timeout=WAIT_MS):
        watcher.connect_to(LOOPBACK, server.port, "watcher")
    peer = RawPeer(server.port)
    hello(peer, "flooder")
    # Joined first: every line counts, so a hello in the flood's chunk is never handled.
    qtbot.waitUntil(lambda: any(f["type"] == "welcome" for f in peer.frames()), timeout=WAIT_MS)
    with qtbot.waitSignal(watcher.user_left, timeout=WAIT_MS) as left:
        peer.send(b"".join(encode_message(Say(str(i), "spam")) for i in range(200)))
    assert left.args == ["flooder", "flooding"]
    assert "flooding" in peer.error_codes()
    watcher.auto_reconnect = False
    watcher.disconnect_from_server()


def test_a_reader_that_never_reads_is_cut_off(qtbot, make_server):
    server = make_server(max_send_queue=256 * 1024, flood_rate=0)
    stuck = RawPeer(server.port, rcvbuf=4096)
    hello(stuck, "stuck")
    talker = ChatClient()
    with qtbot.waitSignal(talker.welcomed, timeout=WAIT_MS):
        talker.connect_to(LOOPBACK, server.port, "talker")
    left = []
    talker.user_left.connect(lambda nick, reason: left.append((nick, reason)))
    big = "y" * 60_000
    # One message at a time, so the talker (which does read) never has much queued;
    # 300 x 60 KB is more than the kernel buffers of the stuck reader can hold.
    for _ in range(300):
        with qtbot.waitSignal(talker.message_acked, timeout=WAIT_MS):
            talker.send_text(big)
        if left:
            break
    assert left == [("stuck", "send_queue_exceeded")]
    talker.auto_reconnect = False
    talker.disconnect_from_server()


def test_ten_errors_close_the_connection(qtbot, make_server):
    server = make_server()
    peer = RawPeer(server.port)
    hello(peer, "clumsy")
    peer.send(b"not json at all\n" * 12)
    qtbot.waitUntil(lambda: peer.poll() is not None and peer.closed, timeout=WAIT_MS)
    assert peer.error_codes().count("invalid_json") == 10


def test_control_characters_never_reach_other_screens(qtbot, make_server):
    server = make_server()
    alice, bob = ChatClient(), ChatClient()
    for client, nick in ((alice, "alice"), (bob, "bob")):
        with qtbot.waitSignal(client.welcomed, timeout=WAIT_MS):
            client.connect_to(LOOPBACK, server.port, nick)
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as received:
        alice.send_text("\x1b[2J\x1b]0;pwned\x07hi\u202egnp.exe\x07 there")
    assert received.args[0].text == "hignp.exe there"
    assert not any(ch in received.args[0].text for ch in "\x1b\x07\u202e")
    for client in (alice, bob):
        client.auto_reconnect = False
        client.disconnect_from_server()


def test_room_password_by_challenge_and_response(qtbot, make_server):
    server = make_server(password="s3cret")
    good = ChatClient()
    with qtbot.waitSignal(good.welcomed, timeout=WAIT_MS):
        good.connect_to(LOOPBACK, server.port, "good", password="s3cret")
    wrong = ChatClient()
    with qtbot.waitSignal(wrong.server_error, timeout=WAIT_MS) as error:
        wrong.connect_to(LOOPBACK, server.port, "wrong", password="guess")
    assert error.args[0] == "wrong_password"
    none = ChatClient()
    with qtbot.waitSignal(none.server_error, timeout=WAIT_MS) as missing:
        none.connect_to(LOOPBACK, server.port, "none")
    assert missing.args[0] == "password_required"
    netcat = RawPeer(server.port)
    netcat.send(b"hello\n")
    qtbot.waitUntil(lambda: netcat.poll() is not None and netcat.closed, timeout=WAIT_MS)
    assert b"password_required" in netcat.data
    assert server.users() == ["good"]
    for client in (good, wrong, none):
        client.auto_reconnect = False
        client.disconnect_from_server()


def test_wrong_passwords_from_one_address_get_slower():
    # The memory of wrong passwords moved to the admission's PasswordGate
    # (issue 14): the same promises, as times between verdicts.
    gate = Admission(max_clients=10, max_per_address=10).password_gate
    verdicts = [gate.attempt("127.0.0.9", False, now=0.0) for _ in range(9)]
    delays = [b - a for a, b in zip(verdicts, verdicts[1:], strict=False)]
    assert delays == sorted(delays) and delays[0] < delays[-1] <= 30
    assert gate.attempt("127.0.0.5", False, now=0.0) == 0.0  # per address
    last = gate.attempt("127.0.0.9", True, now=verdicts[-1] + 30)  # right: forgiven
    assert gate.attempt("127.0.0.9", False, now=last) == last
    assert gate.attempt("127.0.0.9", False, now=last) == last + delays[0]
