"""Issue 17's discovery across test hosts: `chatapp-server --headless` in one
network namespace, found by a client in another (DNS-SD and the UDP beacon on
the hosts' own veth interfaces, never the machine's), within 2 s; gone when
it stops; two servers told apart; found by broadcast where multicast is
dropped; and `chatapp-client --headless --discover` connects and delivers."""

from __future__ import annotations

import json
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lan_hosts import Lan, LanHost
from shared_support import child_env, server_command

FINDER = str(Path(__file__).with_name("finder_child.py"))
FOUND_WITHIN_S = 2.0
WAIT_S = 10.0
CHAT_PORT = 2000


class Lines:
    """A child's stdout, read line by line with a deadline."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.seen: list[str] = []

    def until(self, wanted, timeout: float = WAIT_S):
        """The first line, seen before or coming within *timeout*, that *wanted* takes."""
        for line in self.seen:
            result = wanted(line)
            if result:
                return result
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.1)
            if not ready:
                continue
            line = self.process.stdout.readline()
            if not line:
                break
            self.seen.append(line.rstrip("\n"))
            result = wanted(line)
            if result:
                return result
        raise AssertionError(f"not seen within {timeout} s; saw: {self.seen}")


def start_server(host: LanHost, tmp_path: Path, *extra: str) -> subprocess.Popen:
    data = tmp_path / f"data-{host.namespace}"
    process = host.popen(
        [*server_command(), "--headless", "--port", str(CHAT_PORT), "--data-dir", str(data),
         "--discovery-interfaces", host.interface, *extra],
        env=child_env(), stderr=subprocess.STDOUT,
    )
    Lines(process).until(lambda line: "listening on" in line)
    return process


def start_finder(host: LanHost, seconds: float = 30) -> tuple[subprocess.Popen, Lines]:
    process = host.popen([sys.executable, FINDER, host.interface, str(seconds)],
                         env=child_env(), stdin=subprocess.PIPE)
    return process, Lines(process)


def event(kind: str, **facts):
    def match(line: str):
        try:
            record = json.loads(line)
        except ValueError:
            return None
        if record.get("event") == kind and all(record.get(k) == v for k, v in facts.items()):
            return record
        return None

    return match


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def lan():
    with Lan(hosts=2) as lan:
        yield lan


def test_found_within_2_s_and_gone_after_the_server_stops(lan, tmp_path):
    server_host, client_host = lan.hosts
    server = start_server(server_host, tmp_path)
    finder, lines = start_finder(client_host)
    try:
        found = lines.until(event("found", host=server_host.address, port=CHAT_PORT))
        print(f"\nfound {found['name']} at {found['host']} by {found['via']} "
              f"in {found['t']:.2f} s")
        assert found["t"] < FOUND_WITHIN_S
        stopped_at = time.monotonic()
        server.terminate()
        gone = lines.until(event("gone", id=found["id"]))
        print(f"gone {time.monotonic() - stopped_at:.2f} s after SIGTERM")
        assert server.wait(timeout=WAIT_S) == 0
        assert gone
    finally:
        stop(server, finder)


def test_dns_sd_alone_finds_it_within_2_s(lan, tmp_path):
    server_host, client_host = lan.hosts
    server = start_server(server_host, tmp_path, "--beacon-port", "2999")  # no beacon heard
    finder, lines = start_finder(client_host)
    try:
        found = lines.until(event("found", host=server_host.address))
        print(f"\nfound by {found['via']} alone in {found['t']:.2f} s")
        assert found["via"] == "mdns" and found["t"] < FOUND_WITHIN_S
        server.terminate()
        lines.until(event("gone", id=found["id"]))  # mDNS's goodbye
    finally:
        stop(server, finder)


def test_a_server_started_later_is_found_within_2_s_of_its_start(lan, tmp_path):
    server_host, client_host = lan.hosts
    finder, lines = start_finder(client_host)
    server = None
    try:
        lines.until(event("status"))
        started = time.monotonic()
        server = start_server(server_host, tmp_path)
        lines.until(event("found", host=server_host.address))
        took = time.monotonic() - started
        print(f"\nfound {took:.2f} s after the server was started")
        assert took < FOUND_WITHIN_S + 1.0  # the server's own start-up counts here too
    finally:
        stop(*(p for p in (server, finder) if p is not None))


def test_two_servers_with_one_name_are_told_apart(tmp_path):
    with Lan(hosts=3) as lan:
        first, second, client_host = lan.hosts
        servers = [start_server(first, tmp_path), start_server(second, tmp_path)]
        finder, lines = start_finder(client_host)
        try:
            a = lines.until(event("found", host=first.address))
            b = lines.until(event("found", host=second.address))
            assert a["id"] != b["id"] and a["name"] == b["name"]  # one hostname in both
            servers[0].terminate()
            lines.until(event("gone", id=a["id"]))
            assert not any(json.loads(line).get("id") == b["id"] and "gone" in line
                           for line in lines.seen if line.startswith("{"))
        finally:
            stop(*servers, finder)


def test_a_network_that_drops_multicast_still_finds_by_broadcast(lan, tmp_path):
    server_host, client_host = lan.hosts
    client_host.drop_multicast()
    server = start_server(server_host, tmp_path)
    finder, lines = start_finder(client_host, seconds=6)
    try:
        found = lines.until(event("found", host=server_host.address))
        print(f"\nfound by {found['via']} in {found['t']:.2f} s with multicast dropped")
        assert found["via"] == "beacon" and found["t"] < FOUND_WITHIN_S
        finder.wait(timeout=WAIT_S)
        rest = [json.loads(line) for line in lines.seen[1:] if line.startswith("{")]
        rest += [json.loads(line) for line in finder.stdout.read().splitlines()
                 if line.startswith("{")]
        assert not any(r.get("via") == "mdns" for r in rest)  # mDNS never got through
    finally:
        stop(server, finder)


def test_the_headless_client_discovers_connects_and_delivers(lan, tmp_path):
    server_host, client_host = lan.hosts
    server = start_server(server_host, tmp_path)
    try:
        client = client_host.run(
            [sys.executable, "-c",
             "import sys; from chatapp.app.cli import client_main; sys.exit(client_main())",
             "--headless", "--discover", "--say", "hi", "--nick", "bob"],
            env=child_env(), timeout=30,
        )
        print(client.stderr)
        assert client.returncode == 0, client.stderr
        assert "connecting to" in client.stderr and server_host.address in client.stderr
        server.terminate()
        out, _ = server.communicate(timeout=WAIT_S)
        assert "bob: hi" in out
    finally:
        stop(server)


CLIENT = ["-c", "import sys; from chatapp.app.cli import client_main; sys.exit(client_main())"]


def test_the_headless_client_asks_which_of_several_and_takes_the_one_named(tmp_path):
    with Lan(hosts=3) as lan:
        first, second, client_host = lan.hosts
        servers = [start_server(first, tmp_path, "--name", "alpha"),
                   start_server(second, tmp_path, "--name", "beta")]
        try:
            several = client_host.run(
                [sys.executable, *CLIENT, "--headless", "--discover", "--say", "hi"],
                env=child_env(), timeout=30,
            )
            assert several.returncode == 2, several.stderr
            assert "choose one with --server NAME" in several.stderr
            assert "alpha at" in several.stderr and "beta at" in several.stderr
            chosen = client_host.run(
                [sys.executable, *CLIENT, "--headless", "--discover", "--server", "beta",
                 "--say", "hi", "--nick", "carol"],
                env=child_env(), timeout=30,
            )
            assert chosen.returncode == 0, chosen.stderr
            assert f"connecting to beta at {second.address}:{CHAT_PORT}" in chosen.stderr
            nobody = client_host.run(
                [sys.executable, *CLIENT, "--headless", "--discover", "--server", "gamma",
                 "--say", "hi"],
                env=child_env(), timeout=30,
            )
            assert nobody.returncode == 5 and "no server named 'gamma'" in nobody.stderr
        finally:
            stop(*servers)


def test_the_headless_client_says_when_nothing_is_found(lan):
    _server_host, client_host = lan.hosts
    started = time.monotonic()
    client = client_host.run(
        [sys.executable, "-c",
         "import sys; from chatapp.app.cli import client_main; sys.exit(client_main())",
         "--headless", "--discover", "--discover-timeout", "1", "--say", "hi"],
        env=child_env(), timeout=30,
    )
    assert client.returncode == 5, client.stderr
    assert "no chat server answered within 1 s" in client.stderr
    assert time.monotonic() - started < 10
