"""Which interfaces discovery uses: exactly the named ones (loopback too), or
else every LAN-capable one but never loopback. The test hosts' case (a veth
and nothing else) is in tests/lan/test_beacon_hosts.py."""

from __future__ import annotations

from chatapp.net.discovery_interfaces import discovery_interfaces


def test_loopback_named_is_used_with_its_broadcast_address(qapp):
    (loopback,) = [i for i in discovery_interfaces(["lo"]) if i.address == "127.0.0.1"]
    assert loopback.is_loopback and loopback.name == "lo"
    assert loopback.prefix_length == 8 and loopback.netmask == "255.0.0.0"
    assert loopback.broadcast == "127.255.255.255"
    assert str(loopback.network.network) == "127.0.0.0/8"
    assert loopback.qt_interface().name() == "lo"


def test_by_default_loopback_is_never_used(qapp):
    assert not any(interface.is_loopback for interface in discovery_interfaces(None))
    assert not any(interface.is_loopback for interface in discovery_interfaces([]))


def test_only_the_named_interfaces_are_used(qapp):
    assert discovery_interfaces(["no-such-interface"]) == []
    assert {interface.name for interface in discovery_interfaces(["lo"])} == {"lo"}


def test_every_entry_is_ipv4_with_a_consistent_netmask(qapp):
    import ipaddress

    for interface in discovery_interfaces(None) + discovery_interfaces(["lo"]):
        ipaddress.IPv4Address(interface.address)
        assert interface.network.netmask == ipaddress.IPv4Address(interface.netmask)
