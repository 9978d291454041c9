"""The doctor's verdicts between two test hosts (network namespaces on one
bridge, tests/lan_hosts.py): a port a firewall drops, a refused port, an
address nobody has, and a port another program holds. chatapp-doctor runs as
a child process inside a host, as a user would run it on that machine."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time

import psutil
import pytest
from lan_hosts import Lan
from shared_support import child_env, server_command

from chatapp.doctor.discovery_watch import DISCOVERY_WAIT_S
from chatapp.doctor.greeting_probe import GREETING_WAIT_S

PORT = 2000
TIMEOUT_S = 2.0
# Every check is bounded and they run side by side: the reach's timeout (or
# discovery's 2 s), the greeting's wait, some slack; the child's own count.
CHECKS_BUDGET_S = max(TIMEOUT_S, DISCOVERY_WAIT_S) + GREETING_WAIT_S + 1.0
# Seen from outside: plus Python's and Qt's start in the child.
BUDGET_S = CHECKS_BUDGET_S + 4.0
DOCTOR = [sys.executable, "-c",
          "import sys; from chatapp.app.cli import doctor_main; sys.exit(doctor_main())"]
LISTEN = """
import socket, sys
s = socket.create_server(("0.0.0.0", int(sys.argv[1])))
print("listening", flush=True)
s.settimeout(30)
try:
    while True:
        s.accept()[0].close()
except OSError:
    pass
"""


def run_doctor(host, args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = host.run([*DOCTOR, *args, "--timeout", str(TIMEOUT_S)], env=child_env(),
                    timeout=BUDGET_S + 20)
    seconds = time.monotonic() - started
    own = re.fullmatch(r"\((\d+) findings in ([\d.]+) s\)", done.stdout.splitlines()[-1])
    assert own is not None, done.stdout + done.stderr
    assert float(own.group(2)) < CHECKS_BUDGET_S
    assert done.stderr == "", done.stderr  # sentences on stdout; never a traceback
    return done, seconds


def listener(host, port: int = PORT) -> subprocess.Popen:
    process = host.popen([sys.executable, "-c", LISTEN, str(port)])
    assert process.stdout.readline().strip() == "listening"
    return process


def first_finding(output: str) -> str:
    return output.splitlines()[1]  # after the heading: the most important


def test_a_dropped_port_is_named_as_a_firewall_in_one_sentence():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        held = listener(server)
        try:
            server.drop_tcp_port(PORT)
            done, seconds = run_doctor(client, [server.address, "--port", str(PORT)])
        finally:
            held.kill()
    assert done.returncode == 1, done.stdout + done.stderr
    assert first_finding(done.stdout).startswith(
        f"PROBLEM  No answer from port {PORT} at {server.address} within {TIMEOUT_S:g} s, "
        "though that machine answers on other ports: a firewall on the server's machine or on "
        f"the network drops connections to port {PORT}.")
    assert seconds < BUDGET_S


def test_a_refused_port_says_nothing_listens():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        done, seconds = run_doctor(client, [server.address, "--port", str(PORT)])
    assert done.returncode == 1
    assert first_finding(done.stdout).startswith(
        f"PROBLEM  Nothing listens on port {PORT} at {server.address}: is the server running, "
        "and on this port?")
    assert seconds < BUDGET_S


def test_an_address_nobody_has_is_host_unreachable():
    with Lan(hosts=2) as lan:
        _server, client = lan.hosts
        done, seconds = run_doctor(client, [lan.unused_address, "--port", str(PORT)])
    assert done.returncode == 1
    assert first_finding(done.stdout).startswith(
        f"PROBLEM  No machine on the network answers at {lan.unused_address} (host "
        "unreachable): check the address")
    assert seconds < BUDGET_S


def test_a_chatapp_server_in_the_other_host_is_recognised(tmp_path):
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        chat = server.popen([*server_command(), "--headless", "--port", str(PORT),
                             "--data-dir", str(tmp_path)], env=child_env())
        try:
            for line in chat.stdout:
                if "listening" in line:
                    break
            done, seconds = run_doctor(client, [server.address, "--port", str(PORT)])
        finally:
            chat.terminate()
            chat.wait(timeout=10)
    assert done.returncode == 0, done.stdout
    assert f"ok       A chatapp server answers at {server.address} port {PORT}." in done.stdout
    assert seconds < BUDGET_S


@pytest.mark.skipif(importlib.util.find_spec("chatapp.net.discovery") is None,
                    reason="chatapp.net.discovery (helper MDNS) is not merged yet")
def test_discovery_sees_a_headless_server_in_the_other_host(tmp_path):
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        chat = server.popen([*server_command(), "--headless", "--port", str(PORT),
                             "--data-dir", str(tmp_path)], env=child_env())
        try:
            for line in chat.stdout:
                if "listening" in line:
                    break
            done, seconds = run_doctor(client, [server.address, "--port", str(PORT)])
        finally:
            chat.terminate()
            chat.wait(timeout=10)
    assert f"Discovery sees the server at {server.address} port {PORT}" in done.stdout
    assert seconds < BUDGET_S


def test_a_port_taken_by_another_program_is_named_on_the_server():
    with Lan(hosts=2) as lan:
        server, _client = lan.hosts
        held = listener(server)
        name = psutil.Process(held.pid).name()
        try:
            done, seconds = run_doctor(server, ["--server", "--port", str(PORT)])
        finally:
            held.kill()
    assert done.returncode == 1
    assert first_finding(done.stdout).startswith(
        f"PROBLEM  Port {PORT} is already used by {name} (pid {held.pid}). Close that program "
        "or start the server on another port with --port.")
    assert seconds < BUDGET_S


def test_the_servers_own_firewall_rule_is_found_with_server():
    with Lan(hosts=2) as lan:
        server, _client = lan.hosts
        server.drop_tcp_port(PORT)
        done, _seconds = run_doctor(server, ["--server", "--port", str(PORT)])
    assert done.returncode == 1
    assert first_finding(done.stdout).startswith(
        f"PROBLEM  nftables on this machine blocks connections to port {PORT} (table inet "
        "chatapp_test, chain input: drop)")
