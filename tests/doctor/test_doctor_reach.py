"""Reaching the server: refused, connected (and is it chatapp?), and the
system's errors told apart. Real sockets on 127.0.0.1; what loopback cannot
produce (no answer, unreachable) comes from errno values here and from the
test hosts in tests/lan/test_doctor_hosts.py."""

from __future__ import annotations

import errno
import json
import socket
import threading

import pytest
from shared_support import LOOPBACK

from chatapp.doctor import reach
from chatapp.doctor.finding import OK, PROBLEM, WARNING
from chatapp.doctor.greeting_probe import (
    CHATAPP,
    CLOSED,
    FULL,
    OTHER,
    SILENT,
    classify_greeting,
)
from chatapp.doctor.resolve import NameNotFoundError, NameTimedOutError, resolve
from chatapp.protocol.plaintext import SILENT_NEWCOMER_GREETING


def serve_once(first_words: bytes | None, close: bool = False):
    """A listener on loopback that sends `first_words` to its one peer (None: nothing)."""
    listener = socket.create_server((LOOPBACK, 0))

    def answer() -> None:
        with listener:
            peer, _ = listener.accept()
            with peer:
                if first_words is not None:
                    peer.sendall(first_words)
                if not close:
                    peer.settimeout(5)
                    try:
                        peer.recv(1)
                    except OSError:
                        pass

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def free_port() -> int:
    with socket.create_server((LOOPBACK, 0)) as probe:
        return probe.getsockname()[1]


def test_refused_says_nothing_listens():
    port = free_port()
    finding = reach.reach_findings(LOOPBACK, port, 2)[0]
    assert (finding.verdict, finding.facts["outcome"]) == (PROBLEM, reach.REFUSED)
    assert finding.sentence == (f"Nothing listens on port {port} at {LOOPBACK}: is the server "
                                "running, and on this port?")
    assert finding.done == f"Tried a TCP connection to {LOOPBACK} port {port} for 2 s: refused " \
                           "at once."


def test_a_chatapp_greeting_is_recognised():
    port, thread = serve_once(f"-- {SILENT_NEWCOMER_GREETING}\r\n".encode())
    finding = reach.reach_findings(LOOPBACK, port, 2)[0]
    thread.join(5)
    assert (finding.verdict, finding.sentence) == (
        OK, f"A chatapp server answers at {LOOPBACK} port {port}.")
    assert finding.facts["chatapp"] is True


def test_another_program_is_not_taken_for_chatapp():
    port, thread = serve_once(b"SSH-2.0-OpenSSH_9.6\r\n")
    finding = reach.reach_findings(LOOPBACK, port, 2)[0]
    thread.join(5)
    assert finding.verdict == WARNING
    assert finding.sentence == (f"Something answers at {LOOPBACK} port {port}, but it is not a "
                                "chatapp server (it said \"SSH-2.0-OpenSSH_9.6\"): check the port "
                                "number.")


def test_a_silent_program_is_said_not_to_greet():
    port, thread = serve_once(None)
    finding = reach.reach_findings(LOOPBACK, port, 2)[0]
    thread.join(5)
    assert finding.verdict == WARNING and "does not greet like a chatapp server" in \
        finding.sentence
    assert "it said nothing" in finding.done


def test_a_full_server_says_so():
    full = json.dumps({"type": "error", "code": "server_full", "message": "full"})
    port, thread = serve_once(full.encode() + b"\n", close=True)
    finding = reach.reach_findings(LOOPBACK, port, 2)[0]
    thread.join(5)
    assert finding.verdict == WARNING and "is full" in finding.sentence


@pytest.mark.parametrize(("data", "closed", "kind"), [
    (b"", True, CLOSED), (b"", False, SILENT),
    (b"-- welcome to chatapp, guest1.\r\n", False, CHATAPP),
    (b'{"type":"error","code":"server_full","message":"x"}\n', True, FULL),
    (b'{"type":"error","code":"handshake_timeout"}\n', True, CHATAPP),
    (b'{"type":', False, OTHER),  # truncated JSON
    (b"[1, 2]\n", False, OTHER), (b"{not json\n", False, OTHER),
    (b"HTTP/1.1 400 Bad Request\r\n", False, OTHER),
    (b"\xff\xfe\x00binary\x00", False, OTHER),
    (b"x" * 100_000, False, OTHER),  # huge, no newline
])
def test_greetings_classified(data, closed, kind):
    assert classify_greeting(data, closed)[0] == kind


def test_a_huge_greeting_is_quoted_short():
    port, thread = serve_once(b"A" * 50_000)
    finding = reach.reach_findings(LOOPBACK, port, 2)[0]
    thread.join(5)
    assert finding.verdict == WARNING and len(finding.sentence) < 300


@pytest.mark.parametrize(("error", "outcome"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), reach.REFUSED),
    (OSError(errno.EHOSTUNREACH, "No route to host"), reach.HOST_UNREACHABLE),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), reach.NETWORK_UNREACHABLE),
    (TimeoutError("timed out"), reach.NO_ANSWER),
    (OSError(errno.ETIMEDOUT, "timed out"), reach.NO_ANSWER),
    (PermissionError(errno.EPERM, "Operation not permitted"), reach.BLOCKED_HERE),
    (OSError(errno.EINVAL, "Invalid argument"), reach.FAILED),
])
def test_system_errors_to_outcomes(error, outcome):
    assert reach.outcome_of(error) == outcome


def fake_connect(outcomes: dict[int, str]):
    def connect(address, port, timeout):
        return outcomes[port], None, "words"
    return connect


@pytest.mark.parametrize(("main", "other", "neighbour", "start"), [
    (reach.NO_ANSWER, reach.REFUSED, "resolved",
     "No answer from port 2000 at 198.18.7.1 within 1 s, though that machine answers on other "
     "ports: a firewall on the server's machine or on the network drops connections to port "
     "2000."),
    (reach.NO_ANSWER, reach.NO_ANSWER, "resolved",
     "No answer from 198.18.7.1 within 1 s: a firewall on the server's machine or on the "
     "network drops the connection, or that machine is off."),
    (reach.NO_ANSWER, reach.NO_ANSWER, "incomplete",
     "No machine on the network answers at 198.18.7.1 (host unreachable)"),
    (reach.HOST_UNREACHABLE, reach.HOST_UNREACHABLE, None,
     "No machine on the network answers at 198.18.7.1 (host unreachable)"),
    (reach.NETWORK_UNREACHABLE, reach.NETWORK_UNREACHABLE, None,
     "This machine has no route to 198.18.7.1 (network unreachable)"),
    (reach.BLOCKED_HERE, reach.BLOCKED_HERE, None,
     "This machine's own firewall stops connections to 198.18.7.1 port 2000"),
    (reach.FAILED, reach.FAILED, None, "Could not connect to 198.18.7.1 port 2000: words."),
])
def test_each_failure_gets_its_own_sentence(monkeypatch, main, other, neighbour, start):
    monkeypatch.setattr(reach, "try_connect", fake_connect({2000: main, reach.OTHER_PORT: other}))
    monkeypatch.setattr(reach, "neighbour_state", lambda address: neighbour)
    finding = reach.reach_findings("198.18.7.1", 2000, 1)[0]
    assert finding.verdict == PROBLEM
    assert finding.sentence.startswith(start)


@pytest.mark.parametrize("error", [NameNotFoundError, NameTimedOutError])
def test_a_name_not_found(monkeypatch, error):
    def fail(host, timeout):
        raise error(host)

    monkeypatch.setattr(reach, "resolve", fail)
    finding = reach.reach_findings("chat-server.invalid", 2000, 1)[0]
    assert finding.facts["outcome"] == reach.NAME_NOT_FOUND
    assert finding.sentence.startswith("The name chat-server.invalid was not found")


@pytest.mark.parametrize("host", [
    "http://192.0.2.1:2000", "192.0.2.1:2000", "two words", "x\x00y", "a" * 300, "..", "-x",
    "a..b", "名字 空格", "\n", "",
])
def test_what_is_no_name_is_said_at_once_and_nothing_is_looked_up(monkeypatch, host):
    def no_lookup(*args, **kwargs):
        raise AssertionError("looked up")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    finding = reach.reach_findings(host, 2000, 1)[0]
    assert finding.verdict == PROBLEM
    assert "is not a server name or address" in finding.sentence
    assert len(finding.sentence) < 300


def test_a_name_in_any_script_is_looked_up(monkeypatch):
    asked = []

    def lookup(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    with pytest.raises(NameNotFoundError):
        resolve("服务器.local", 1)
    assert asked == ["服务器.local"]


def test_resolve_takes_addresses_as_they_are():
    assert resolve("127.0.0.1", 1) == ["127.0.0.1"]
    assert resolve("[::1]", 1) == ["::1"]
    assert resolve("localhost", 2)[0] in ("127.0.0.1", "::1")  # the hosts file, no DNS
