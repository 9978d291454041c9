"""Test hosts of our own: network namespaces joined by a bridge, addresses from
198.18.0.0/15 (the benchmarking range, never routed).

Discovery, the doctor and firewall cases need more than one machine. A test
makes them here, runs a program "on" a host with `host.popen([...])` (that is
`ip netns exec`), and everything is removed afterwards, so the machine's real
interfaces are never touched. Where namespaces cannot be made (not root, no
`ip`), `lan_or_skip()` skips with the reason.

    with Lan(hosts=2) as lan:
        server, client = lan.hosts
        server.popen([...]); client.run([...])
        server.drop_tcp_port(2000)      # an nftables rule: SYNs dropped, no answer
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
from dataclasses import dataclass

import pytest

_lan_numbers = itertools.count(1)
PREFIX_LENGTH = 24
COMMAND_TIMEOUT_S = 10


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=COMMAND_TIMEOUT_S)


def namespaces_unavailable() -> str | None:
    """Why test hosts cannot be made here, or None if they can."""
    if os.geteuid() != 0:
        return "test hosts need network namespaces, which need root"
    if shutil.which("ip") is None:
        return "test hosts need `ip` from iproute2"
    probe = f"chatapp-probe-{os.getpid()}"
    try:
        _ip("netns", "add", probe)
    except (subprocess.SubprocessError, OSError) as error:
        return f"`ip netns add` failed here: {error}"
    _ip("netns", "del", probe)
    return None


def lan_or_skip() -> None:
    reason = namespaces_unavailable()
    if reason:
        pytest.skip(reason)


@dataclass
class LanHost:
    namespace: str
    interface: str  # the host's one network interface, inside its namespace
    address: str

    def command(self, argv: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.namespace, *argv]

    def popen(self, argv: list[str], **kwargs) -> subprocess.Popen:
        kwargs.setdefault("stdout", subprocess.PIPE)
        kwargs.setdefault("stderr", subprocess.PIPE)
        kwargs.setdefault("text", True)
        return subprocess.Popen(self.command(argv), **kwargs)

    def run(self, argv: list[str], timeout: float = 30, **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        return subprocess.run(self.command(argv), timeout=timeout, **kwargs)

    def nft(self, rules: str) -> None:
        """Load nftables rules (nft -f syntax) into this host's namespace."""
        subprocess.run(self.command(["nft", "-f", "-"]), input=rules, text=True,
                       check=True, capture_output=True, timeout=COMMAND_TIMEOUT_S)

    def drop_tcp_port(self, port: int) -> None:
        """A firewall that drops connections to the port: no answer at all."""
        self.nft(f"""table inet chatapp_test {{
            chain input {{ type filter hook input priority 0; tcp dport {port} drop; }}
        }}""")

    def drop_multicast(self) -> None:
        """A network where multicast does not arrive (mDNS and the beacon's
        multicast copy), while broadcast and unicast still do."""
        self.nft("""table inet chatapp_mcast {
            chain input { type filter hook input priority 0; ip daddr 224.0.0.0/4 drop; }
        }""")


class Lan:
    """`hosts` namespaces on one bridge (in a namespace of its own), like
    machines on one switch."""

    def __init__(self, hosts: int = 2) -> None:
        self.hosts_wanted = hosts
        self.hosts = []
        number = next(_lan_numbers)
        self._tag = f"ca{os.getpid() % 100000}n{number}"
        self._subnet = f"198.18.{number % 250}"
        self._switch = f"{self._tag}sw"
        self._namespaces: list[str] = []

    def __enter__(self) -> Lan:
        lan_or_skip()
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _add_namespace(self, name: str) -> None:
        _ip("netns", "add", name)
        self._namespaces.append(name)
        _ip("-n", name, "link", "set", "lo", "up")

    def _build(self) -> None:
        self._add_namespace(self._switch)
        _ip("-n", self._switch, "link", "add", "br0", "type", "bridge")
        _ip("-n", self._switch, "link", "set", "br0", "up")
        for index in range(1, self.hosts_wanted + 1):
            namespace = f"{self._tag}h{index}"
            self._add_namespace(namespace)
            outside, inside = f"{self._tag}p{index}", f"{self._tag}e{index}"
            _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
            _ip("link", "set", outside, "netns", self._switch)
            _ip("link", "set", inside, "netns", namespace)
            _ip("-n", self._switch, "link", "set", outside, "master", "br0")
            _ip("-n", self._switch, "link", "set", outside, "up")
            address = f"{self._subnet}.{index}"
            _ip("-n", namespace, "addr", "add", f"{address}/{PREFIX_LENGTH}",
                "broadcast", f"{self._subnet}.255", "dev", inside)
            _ip("-n", namespace, "link", "set", inside, "up")
            # Multicast leaves by this interface (there is no default route here).
            _ip("-n", namespace, "route", "add", "224.0.0.0/4", "dev", inside)
            self.hosts.append(LanHost(namespace, inside, address))

    @property
    def unused_address(self) -> str:
        """An address on the test network that no host has (nobody answers ARP)."""
        return f"{self._subnet}.200"

    def close(self) -> None:
        for namespace in reversed(self._namespaces):
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                _ip("netns", "del", namespace)  # takes its veth ends with it
        self._namespaces.clear()
