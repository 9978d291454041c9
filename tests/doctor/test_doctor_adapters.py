"""Adapters: each kind told from its name (or the system's word), addresses
with their own netmask (never a /24 assumed), and which adapter reaches a
host. Fake psutil records: no real interface is read or used."""

from __future__ import annotations

import socket

import pytest
from doctor_support import DOWN, UP, Addr, v4, v6

from chatapp.doctor.adapter_kinds import (
    CONTAINER,
    LOOPBACK,
    OTHER,
    VM,
    VPN,
    WIFI,
    WIRED,
    adapter_kind,
    linux_wireless,
    parse_macos_hardware_ports,
    wireless_probe,
)
from chatapp.doctor.adapters import (
    Adapter,
    adapter_findings,
    prefix_length,
    read_adapters,
    route_finding,
    source_address,
)
from chatapp.doctor.finding import INFO, OK, PROBLEM, WARNING


@pytest.mark.parametrize(("name", "kind"), [
    ("lo", LOOPBACK), ("Loopback Pseudo-Interface 1", LOOPBACK),
    ("docker0", CONTAINER), ("br-3f2a9c1d0e4b", CONTAINER), ("veth12ab34", CONTAINER),
    ("vEthernet (WSL)", CONTAINER), ("vEthernet (WSL (Hyper-V firewall))", CONTAINER),
    ("vboxnet0", VM), ("vmnet8", VM), ("virbr0", VM), ("vEthernet (Default Switch)", VM),
    ("VirtualBox Host-Only Network", VM), ("VMware Network Adapter VMnet1", VM),
    ("Hyper-V Virtual Ethernet Adapter", VM),
    ("tun0", VPN), ("tap0", VPN), ("wg0", VPN), ("ppp0", VPN), ("utun3", VPN), ("ipsec0", VPN),
    ("tailscale0", VPN), ("ZeroTier One [8056c2e21c000001]", VPN), ("WireGuard Tunnel", VPN),
    ("Cisco AnyConnect VPN", VPN), ("OpenVPN TAP-Windows6", VPN),
    ("wlan0", WIFI), ("wlp3s0", WIFI), ("Wi-Fi", WIFI), ("Wireless Network Connection", WIFI),
    ("eth0", WIRED), ("enp0s31f6", WIRED), ("Ethernet 2", WIRED), ("en0", WIRED),
    ("bridge100", VM), ("bridge0", OTHER), ("weird0", OTHER), ("", OTHER),
])
def test_adapter_kinds_from_names(name, kind):
    assert adapter_kind(name) == kind


def test_the_systems_word_on_wifi_wins_over_the_name_but_not_over_vpn():
    assert adapter_kind("en0", wireless=True) == WIFI
    assert adapter_kind("wlan0", wireless=False) == WIRED
    assert adapter_kind("weird0", wireless=False) == WIRED
    assert adapter_kind("tun0", wireless=False) == VPN
    assert adapter_kind("docker0", wireless=False) == CONTAINER


def test_linux_wireless_reads_sysfs(tmp_path):
    (tmp_path / "wlan0" / "wireless").mkdir(parents=True)
    (tmp_path / "eth0").mkdir()
    assert linux_wireless("wlan0", tmp_path) is True
    assert linux_wireless("eth0", tmp_path) is False
    assert linux_wireless("gone0", tmp_path) is None


MACOS_PORTS = """
Hardware Port: Ethernet
Device: en0
Ethernet Address: 3c:22:fb:00:00:01

Hardware Port: Wi-Fi
Device: en1
Ethernet Address: 3c:22:fb:00:00:02

Hardware Port: Thunderbolt Bridge
Device: bridge0
Ethernet Address: 82:0a:00:00:00:00

VLAN Configurations
===================
"""


def test_macos_hardware_ports_name_the_wifi_device():
    assert parse_macos_hardware_ports(MACOS_PORTS) == {"en1"}
    assert parse_macos_hardware_ports("") == set()
    assert adapter_kind("en1", wireless=True) == WIFI


def test_the_wireless_probe_per_system():
    assert wireless_probe("linux") is linux_wireless
    assert wireless_probe("win32")("Wi-Fi") is None


@pytest.mark.parametrize(("mask", "length"), [
    ("255.255.255.0", 24), ("255.255.254.0", 23), ("255.255.255.128", 25), ("255.0.0.0", 8),
    ("255.255.255.255", 32), ("0.0.0.0", 0), ("ffff:ffff:ffff:ffff::", 64),
    ("255.0.255.0", None), ("not a mask", None), ("", None),
])
def test_prefix_lengths(mask, length):
    assert prefix_length(mask) == length


FAKE_ADDRS = {
    "lo": [v4("127.0.0.1", "255.0.0.0"), v6("::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")],
    "wlan0": [v4("10.20.0.7", "255.255.254.0"), v6("fe80::1%wlan0", "ffff:ffff:ffff:ffff::"),
              Addr(socket.AF_UNSPEC if hasattr(socket, "AF_UNSPEC") else 0, "aa:bb", None,
                   None, None)],
    "docker0": [v4("172.17.0.1", "255.255.0.0")],
    "tun0": [v4("100.64.3.9", None)],  # a point-to-point VPN: no netmask
    "eth1": [v4("192.0.2.9", "255.255.255.0")],  # down
    "eth2": [],  # up, no address
}
FAKE_STATS = {name: UP for name in FAKE_ADDRS} | {"eth1": DOWN}


def fake_adapters() -> list[Adapter]:
    return read_adapters(FAKE_ADDRS, FAKE_STATS, wireless=lambda name: None)


def test_adapters_read_with_their_own_netmasks():
    adapters = {a.name: a for a in fake_adapters()}
    assert set(adapters) == {"lo", "wlan0", "docker0", "tun0"}  # down and bare ones left out
    assert [str(i) for i in adapters["wlan0"].interfaces] == ["10.20.0.7/23"]  # no fe80::
    assert adapters["lo"].kind == LOOPBACK and adapters["docker0"].kind == CONTAINER
    assert [str(i) for i in adapters["tun0"].interfaces] == ["100.64.3.9/32"]


def test_adapter_findings_name_each_network_but_not_loopback():
    findings = adapter_findings(fake_adapters())
    sentences = [f.sentence for f in findings]
    assert "Adapter wlan0 (Wi-Fi): 10.20.0.7 (network 10.20.0.0/23)." in sentences
    assert "Adapter docker0 (Docker/containers): 172.17.0.1 (network 172.17.0.0/16)." \
        in sentences
    assert not any("127.0.0.1" in s for s in sentences)
    assert {f.verdict for f in findings} == {INFO}


def test_no_lan_adapter_is_a_problem():
    only = read_adapters({"lo": FAKE_ADDRS["lo"], "docker0": FAKE_ADDRS["docker0"]},
                         {"lo": UP, "docker0": UP}, wireless=lambda name: None)
    first = adapter_findings(only)[0]
    assert first.verdict == PROBLEM
    assert first.sentence.startswith("This machine has no Wi-Fi or wired network connection")
    # Asked about a server on this very machine (loopback), it is said, not blamed.
    local = adapter_findings(only, target_is_this_machine=True)[0]
    assert local.verdict == INFO and local.sentence == first.sentence


def test_a_host_on_a_23_is_on_link_where_a_24_would_say_not():
    finding = route_finding(fake_adapters(), "10.20.1.200", "10.20.0.7")
    assert finding.verdict == OK and finding.facts["on_link"]
    assert finding.sentence.startswith(
        "10.20.1.200 is on the same network as this machine's Wi-Fi adapter wlan0 (10.20.0.0/23)")


def test_a_server_address_on_a_docker_network_is_a_warning():
    finding = route_finding(fake_adapters(), "172.17.0.5", "172.17.0.1")
    assert finding.verdict == WARNING
    assert "Docker/containers adapter docker0 (172.17.0.0/16)" in finding.sentence


def test_a_host_on_no_network_of_ours_names_our_networks_and_the_way_out():
    finding = route_finding(fake_adapters(), "198.18.5.1", "10.20.0.7")
    assert finding.verdict == INFO and not finding.facts["on_link"]
    assert finding.sentence.startswith(
        "No adapter of this machine is on the network of 198.18.5.1 (this machine is on: "
        "10.20.0.0/23 (wlan0); 172.17.0.0/16 (docker0); 100.64.3.9/32 (tun0)): the server may "
        "be on another network or behind a VPN")
    assert "from 10.20.0.7 (wlan0, Wi-Fi)" in finding.sentence


def test_no_route_at_all_is_a_problem():
    finding = route_finding(fake_adapters(), "198.18.5.1", None)
    assert finding.verdict == PROBLEM
    assert finding.sentence.startswith("This machine has no route to 198.18.5.1")


def test_loopback_is_this_machine():
    finding = route_finding(fake_adapters(), "127.0.0.1", "127.0.0.1")
    assert finding.facts["loopback"] and "other machines must use" in finding.sentence


def test_source_address_for_loopback_sends_nothing_and_answers():
    assert source_address("127.0.0.1", 2000) == "127.0.0.1"


def test_source_address_without_a_route_is_none(monkeypatch):
    class NoRoute(socket.socket):
        def connect(self, address):
            raise OSError(101, "Network is unreachable")

    monkeypatch.setattr("chatapp.doctor.adapters.socket.socket", NoRoute)
    assert source_address("198.18.9.9", 2000) is None
