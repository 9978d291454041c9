"""The beacon between test hosts (network namespaces on one bridge): a server's
announcer on one host, a client's listener on another, each on its own veth.

Here multicast really leaves an interface, so these prove the multicast path
that loopback cannot (tests/net/test_beacon.py proves broadcast and unicast).
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from pathlib import Path

import pytest
from lan_hosts import Lan, LanHost
from shared_support import PROJECT_ROOT, child_env

CHILD = str(Path(__file__).with_name("beacon_child.py"))
PORT = 2001
FOUND_WITHIN_S = 2.0
WAIT_S = 10.0


class Child:
    """A beacon_child.py in a test host, its output lines read as they come."""

    def __init__(self, host: LanHost, *args: str) -> None:
        self.process = host.popen([sys.executable, CHILD, *args, ], stdin=-1,
                                  env=child_env(), cwd=PROJECT_ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.wait_for("ready") == "ready"

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def wait_for(self, prefix: str, timeout: float = WAIT_S) -> str | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line.startswith(prefix):
                return line
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("stop\n")
            self.process.stdin.flush()
        self.process.wait(timeout=WAIT_S)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT_S)


def announcer(host: LanHost, server_id: str, name: str) -> Child:
    return Child(host, "announce", host.interface, str(PORT), server_id, name)


def listener(host: LanHost) -> Child:
    return Child(host, "listen", host.interface, str(PORT))


def test_a_server_is_heard_on_the_other_host_within_two_seconds_and_lost_at_stop():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        ear = listener(client)
        try:
            voice = announcer(server, "5e4e4e01", "Room one")
            started = time.monotonic()  # the announcer is up (its process start is not ours)
            heard = ear.wait_for("heard 5e4e4e01")
            assert heard == f"heard 5e4e4e01 {server.address} Room one"
            assert time.monotonic() - started < FOUND_WITHIN_S
            voice.stop()  # sends the goodbye
            assert ear.wait_for("lost", timeout=FOUND_WITHIN_S) == "lost 5e4e4e01"
        finally:
            ear.kill()


@pytest.mark.slow
def test_a_listener_started_later_finds_a_running_server_by_asking():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        voice = announcer(server, "5e4e4e02", "Early")
        try:
            time.sleep(5)  # past the start-up adverts: only the next find gets an answer soon
            ear = listener(client)  # asks as it starts
            assert ear.wait_for("heard 5e4e4e02", timeout=FOUND_WITHIN_S)
            ear.kill()
        finally:
            voice.kill()


def test_with_multicast_dropped_the_server_is_still_heard_by_broadcast():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        client.drop_multicast()
        ear = listener(client)
        try:
            voice = announcer(server, "5e4e4e03", "Broadcast only")
            assert ear.wait_for("heard 5e4e4e03", timeout=FOUND_WITHIN_S)
            voice.stop()
        finally:
            ear.kill()


def test_with_broadcast_dropped_the_server_is_still_heard_by_multicast():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        client.nft("""table inet chatapp_bcast {
            chain input { type filter hook input priority 0; meta pkttype broadcast drop; }
        }""")
        ear = listener(client)
        try:
            voice = announcer(server, "5e4e4e04", "Multicast only")
            assert ear.wait_for("heard 5e4e4e04", timeout=FOUND_WITHIN_S)
            voice.stop()
        finally:
            ear.kill()


def test_with_both_dropped_nothing_is_heard():
    """The control for the two tests above: the rules really do drop."""
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        client.drop_multicast()
        client.nft("""table inet chatapp_bcast {
            chain input { type filter hook input priority 0; meta pkttype broadcast drop; }
        }""")
        ear = listener(client)
        try:
            voice = announcer(server, "5e4e4e05", "Silenced")
            assert ear.wait_for("heard", timeout=FOUND_WITHIN_S + 1) is None
            voice.stop()
        finally:
            ear.kill()


def test_two_servers_are_told_apart_by_id():
    with Lan(hosts=3) as lan:
        first, second, client = lan.hosts
        ear = listener(client)
        voices = []
        try:
            voices.append(announcer(first, "aaaa0001", "First"))
            voices.append(announcer(second, "bbbb0002", "Second"))
            lines = {ear.wait_for("heard", timeout=FOUND_WITHIN_S) for _ in range(6)}
            assert f"heard aaaa0001 {first.address} First" in lines
            assert f"heard bbbb0002 {second.address} Second" in lines
            voices[0].stop()
            assert ear.wait_for("lost", timeout=FOUND_WITHIN_S) == "lost aaaa0001"
        finally:
            for voice in voices:
                voice.kill()
            ear.kill()


INTERFACES = """
from PySide6.QtCore import QCoreApplication
from chatapp.net.discovery_interfaces import discovery_interfaces
app = QCoreApplication([])
for i in discovery_interfaces(None):
    print(i.name, i.address, i.prefix_length, i.broadcast, i.can_multicast)
"""


def test_in_a_test_host_the_default_interfaces_are_its_veth_alone():
    with Lan(hosts=1) as lan:
        (host,) = lan.hosts
        result = host.run([sys.executable, "-c", INTERFACES], env=child_env(), cwd=PROJECT_ROOT)
        subnet = host.address.rsplit(".", 1)[0]
        assert result.stdout.split("\n")[0] == (
            f"{host.interface} {host.address} 24 {subnet}.255 True")
        assert result.stdout.count("\n") == 1


def test_a_server_and_a_client_on_one_host_find_each_other():
    """Both bind the beacon port (shared) on the same machine: the usual classroom demo."""
    with Lan(hosts=1) as lan:
        (host,) = lan.hosts
        ear = listener(host)
        try:
            voice = announcer(host, "5e4e4e06", "Same host")
            assert ear.wait_for("heard 5e4e4e06", timeout=FOUND_WITHIN_S) == (
                f"heard 5e4e4e06 {host.address} Same host")
            voice.stop()
            assert ear.wait_for("lost", timeout=FOUND_WITHIN_S) == "lost 5e4e4e06"
        finally:
            ear.kill()


LISTEN = """
import socket, sys
s = socket.create_server(("0.0.0.0", int(sys.argv[1])))
print("listening", flush=True)
sys.stdin.read()
"""


@pytest.mark.slow
def test_scan_this_network_finds_the_one_server_and_gives_up_on_silent_addresses():
    with Lan(hosts=3) as lan:
        server, firewalled, client = lan.hosts
        listening = [host.popen([sys.executable, "-c", LISTEN, "2000"], stdin=-1)
                     for host in (server, firewalled)]
        try:
            for process in listening:
                assert process.stdout.readline().strip() == "listening"
            firewalled.drop_tcp_port(2000)  # its SYNs get no answer: the scan's timeout
            result = client.run([sys.executable, CHILD, "scan", client.interface, "2000"],
                                env=child_env(), cwd=PROJECT_ROOT, timeout=60)
        finally:
            for process in listening:
                process.kill()
                process.wait(timeout=WAIT_S)
        lines = result.stdout.splitlines()
        assert lines[0] == f"found {server.address} 2000"
        count, cancelled, seconds = lines[-1].split()[1:]
        assert (count, cancelled) == ("1", "False")
        # 254 addresses, 32 at a time, 0.4 s each at worst: about 3.2 s.
        assert float(seconds) < 6
