"""Hints from several findings together: one-way discovery, Wi-Fi isolation,
different subnets by the real netmask, VPNs, the addresses to give out."""

from __future__ import annotations

import ipaddress

from chatapp.doctor.adapter_kinds import CONTAINER, LOOPBACK, VPN, WIFI, WIRED
from chatapp.doctor.adapters import Adapter
from chatapp.doctor.finding import INFO, Finding
from chatapp.doctor.hints import hint_findings
from chatapp.doctor.reach import CONNECTED, HOST_UNREACHABLE, NO_ANSWER, REFUSED


def adapter(name: str, kind: str, *interfaces: str) -> Adapter:
    return Adapter(name, kind, tuple(ipaddress.ip_interface(i) for i in interfaces))


WIFI_25 = adapter("wlan0", WIFI, "192.168.1.5/25")
LAN = [adapter("lo", LOOPBACK, "127.0.0.1/8"), WIFI_25]


def facts(check: str, **values) -> Finding:
    return Finding(check, INFO, "-", "-", 0, values)


def sentences(hints: list[Finding]) -> list[str]:
    return [hint.sentence for hint in hints]


def test_discovery_one_way_points_at_client_isolation():
    findings = [facts("reach", outcome=NO_ANSWER), facts("discovery", seen=True)]
    hints = hint_findings(findings, LAN, as_server=False)
    assert hints[0].sentence.startswith(
        "The server's announcements reach this machine, but connections to it do not: "
        "discovery works one way only.")
    assert "client isolation" in hints[0].sentence


def test_no_isolation_hint_when_the_machine_answers_on_another_port():
    findings = [facts("reach", outcome=NO_ANSWER, machine_answers=True),
                facts("discovery", seen=True)]
    assert hint_findings(findings, LAN, as_server=False) == []


def test_connecting_works_but_discovery_does_not():
    findings = [facts("reach", outcome=CONNECTED, chatapp=True), facts("discovery", seen=False)]
    assert sentences(hint_findings(findings, LAN, False))[0].startswith(
        "Connecting by address works, but discovery does not see the server")


def test_no_hint_when_discovery_was_not_checked_or_all_is_well():
    for seen in ("not_checked", True):
        findings = [facts("reach", outcome=CONNECTED, chatapp=True), facts("discovery", seen=seen)]
        assert hint_findings(findings, LAN, False) == []


def test_no_answer_over_wifi_on_the_same_network_suggests_isolation():
    findings = [facts("reach", outcome=HOST_UNREACHABLE),
                facts("route", host="192.168.1.9", on_link=True, kind=WIFI)]
    assert any(s.startswith("This machine reaches the server's network by Wi-Fi and gets no "
                            "answer") for s in sentences(hint_findings(findings, LAN, False)))


def test_a_25_splits_what_looks_like_one_network():
    findings = [facts("reach", outcome=NO_ANSWER),
                facts("route", host="192.168.1.200", on_link=False)]
    hint = hint_findings(findings, LAN, False)[0]
    assert hint.sentence.startswith(
        "192.168.1.200 looks like this machine's network 192.168.1.0/25 (wlan0) but is outside "
        "it: with the netmask 255.255.255.128 the two machines are on different subnets.")


def test_a_far_network_is_said_to_be_another_network():
    findings = [facts("reach", outcome=NO_ANSWER), facts("route", host="10.9.0.1", on_link=False)]
    assert sentences(hint_findings(findings, LAN, False)) == [
        "The two machines are on different networks: connections between them go through "
        "routers, which often do not pass them. Put both machines on the same network if you can."]


def test_a_refused_connection_needs_no_network_hint():
    findings = [facts("reach", outcome=REFUSED), facts("route", host="10.9.0.1", on_link=False)]
    assert hint_findings(findings, LAN, False) == []


def test_a_vpn_is_named_when_nothing_connects():
    adapters = [*LAN, adapter("tun0", VPN, "100.64.0.2/32")]
    findings = [facts("reach", outcome=NO_ANSWER)]
    assert any("A VPN is on (tun0)" in s for s in sentences(hint_findings(findings, adapters,
                                                                          False)))


def test_the_server_is_told_which_addresses_to_give_and_which_not():
    adapters = [*LAN, adapter("eth0", WIRED, "10.0.0.4/16", "fd00::4/64"),
                adapter("docker0", CONTAINER, "172.17.0.1/16")]
    said = sentences(hint_findings([], adapters, as_server=True))
    assert ("Give people on your network this machine's address: 192.168.1.5 (wlan0, Wi-Fi), "
            "10.0.0.4 (eth0, wired).") in said
    assert any(s.startswith("Not these: 172.17.0.1 (docker0, Docker/containers).") for s in said)
