"""The test hosts themselves: two namespaces reach each other over the bridge,
the machine's own interfaces are not in them, and a dropped port gets no answer."""

from __future__ import annotations

import sys

from lan_hosts import Lan

PROBE = """
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=float(sys.argv[3])).close()
    print("connected")
except ConnectionRefusedError:
    print("refused")
except (TimeoutError, socket.timeout):
    print("timeout")
"""
LISTEN = """
import socket, sys
s = socket.create_server(("0.0.0.0", int(sys.argv[1])))
print("listening", flush=True)
s.accept()
"""


def test_two_hosts_reach_each_other_and_only_each_other():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        names = client.run(["ip", "-o", "link"]).stdout
        assert client.interface in names and server.interface not in names
        assert client.run([sys.executable, "-c", PROBE, server.address, "2000", "2"]
                          ).stdout.strip() == "refused"
        listener = server.popen([sys.executable, "-c", LISTEN, "2000"])
        assert listener.stdout.readline().strip() == "listening"
        assert client.run([sys.executable, "-c", PROBE, server.address, "2000", "2"]
                          ).stdout.strip() == "connected"
        listener.wait(timeout=5)


def test_a_dropped_port_gets_no_answer():
    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        server.drop_tcp_port(2000)
        assert client.run([sys.executable, "-c", PROBE, server.address, "2000", "1"]
                          ).stdout.strip() == "timeout"


def test_the_hosts_are_removed_afterwards():
    import subprocess
    with Lan(hosts=2) as lan:
        names = [host.namespace for host in lan.hosts]
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert not any(name in listed for name in names)
