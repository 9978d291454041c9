"""The chat port on this machine: free, or held by which program. A listener
opened by the test on 127.0.0.1 is named as this very process; the rest
from fake psutil records."""

from __future__ import annotations

import errno
import os
import socket
import time

import psutil
import pytest
from doctor_support import listening
from shared_support import LOOPBACK

from chatapp.doctor import port_owner
from chatapp.doctor.finding import INFO, OK, PROBLEM, WARNING
from chatapp.doctor.port_owner import looks_like_chatapp, port_findings


@pytest.fixture
def held_port():
    with socket.create_server(("0.0.0.0", 0)) as listener:
        yield listener.getsockname()[1]


def test_a_port_held_by_this_process_names_it(held_port):
    finding = port_findings(held_port)[0]
    me = psutil.Process(os.getpid()).name()
    assert finding.verdict == PROBLEM
    assert finding.sentence == (
        f"Port {held_port} is already used by {me} (pid {os.getpid()}). Close that program or "
        "start the server on another port with --port.")
    assert finding.facts["pid"] == os.getpid()
    assert "Tried to reserve TCP port" in finding.done and "Its command:" in finding.done


def test_a_free_port_is_ok(held_port):
    with socket.create_server((LOOPBACK, 0)) as probe:
        free = probe.getsockname()[1]
    finding = port_findings(free)[0]
    assert (finding.verdict, finding.sentence) == (
        OK, f"Port {free} is free on this machine: the server can listen on it.")


def test_our_own_server_on_the_port_is_fine(held_port):
    finding = port_findings(held_port, own_server_port=held_port)[0]
    assert (finding.verdict, finding.sentence) == (
        OK, f"This chat server listens on port {held_port}.")


def test_our_own_server_on_loopback_only_cannot_be_reached():
    with socket.create_server((LOOPBACK, 0)) as listener:
        port = listener.getsockname()[1]
        finding = port_findings(port, own_server_port=port)[0]
    assert finding.verdict == WARNING
    assert finding.sentence.startswith(
        f"The chat server on port {port} listens on 127.0.0.1 only: other machines cannot "
        "reach it.")


def fake(port, connections, details=None, refusal=errno.EADDRINUSE):
    return port_findings(port, connections=connections,
                         details=details or (lambda pid: ("", "")),
                         refusal=lambda _port: refusal)[0]


def test_another_users_program_is_said_so():
    finding = fake(2000, [listening(2000, None)])
    assert finding.sentence.startswith("Port 2000 is already used by a program of another user.")


def test_a_chatapp_server_of_another_process_is_ok():
    finding = fake(2000, [listening(2000, 4242)],
                   details=lambda pid: ("python3", "/usr/bin/python3 /venv/bin/chatapp-server "
                                                   "--headless"))
    assert (finding.verdict, finding.sentence) == (
        OK, "A chatapp server (pid 4242) listens on port 2000.")


def test_listeners_on_other_ports_or_not_listening_do_not_count():
    connections = [listening(2001, 7), listening(2000, 8)._replace(status="ESTABLISHED")]
    finding = fake(2000, connections, refusal=None)
    assert finding.verdict == OK


def test_a_taken_port_the_system_will_not_name():
    finding = fake(2000, [], refusal=errno.EADDRINUSE)
    assert finding.verdict == PROBLEM
    assert finding.sentence.startswith("Port 2000 is already used on this machine, by a program "
                                       "the system does not name")


def test_a_privileged_port_needs_rights():
    finding = fake(80, [], refusal=errno.EACCES)
    assert finding.sentence.startswith("Port 80 needs administrator rights on this system")


def test_when_the_system_refuses_to_list_connections_the_bind_still_tells(monkeypatch):
    def denied(kind):
        raise psutil.AccessDenied()

    monkeypatch.setattr(psutil, "net_connections", denied)
    finding = port_findings(2000, refusal=lambda _port: errno.EADDRINUSE)[0]
    assert finding.verdict == PROBLEM and "does not name" in finding.sentence


def test_a_connection_table_that_takes_too_long_is_given_up(monkeypatch):
    def stuck():
        time.sleep(5)
        yield listening(2000, 1)

    monkeypatch.setattr(port_owner, "LOOKUP_TIMEOUT_S", 0.2)
    started = time.monotonic()
    finding = fake(2000, stuck())
    assert time.monotonic() - started < 2
    assert finding.verdict == PROBLEM and "does not name" in finding.sentence


def test_port_zero_is_explained():
    assert port_findings(0)[0].verdict == INFO


@pytest.mark.parametrize(("name", "command", "chatapp"), [
    ("chatapp-server", "", True),
    ("python3", "/usr/bin/python3 -m chatapp --server", True),
    ("python3", "python3 -c import sys; from chatapp.app.cli import server_main; sys.exit()",
     True),
    ("Python", r"C:\Program Files\chatapp\chatapp-server.exe", True),
    ("python3", "python3 -m pytest tests/doctor", False),
    ("python3", "python3 -c from chatapp.doctor.port_owner import port_findings", False),
    ("nc", "nc -l 2000", False),
])
def test_what_counts_as_a_chatapp_server(name, command, chatapp):
    assert looks_like_chatapp(name, command) is chatapp
