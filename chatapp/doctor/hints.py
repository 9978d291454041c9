"""Hints that no single check can give, read from several findings together:
client isolation when discovery works one way only, addresses on VPN, Docker
or virtual adapters, two machines on different subnets (from the adapters'
own netmasks: a /24 is never assumed)."""

from __future__ import annotations

import ipaddress

from PySide6.QtCore import QCoreApplication

from .adapter_kinds import LAN_KINDS, LOOPBACK, VPN, WIFI, kind_label
from .adapters import Adapter
from .finding import INFO, WARNING, Finding, facts_of
from .reach import CONNECTED, HOST_UNREACHABLE, NO_ANSWER

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts


NO_CONNECTION = (NO_ANSWER, HOST_UNREACHABLE)
# Addresses this close to one of ours (same first 16 bits) look like the same
# network to a person; the netmask may say otherwise.
LOOKS_ALIKE_PREFIX = 16


def _hint(verdict: str, sentence: str) -> Finding:
    done = translate("DoctorHints", "Compared the other checks' results.")
    return Finding("hint", verdict, sentence, done)


def hint_findings(findings: list[Finding], adapters: list[Adapter], as_server: bool
                  ) -> list[Finding]:
    reach = facts_of(findings, "reach")
    route = facts_of(findings, "route")
    discovery = facts_of(findings, "discovery")
    outcome = reach.get("outcome")
    hints = []
    # When the machine answers on another port, the reach check has already
    # named the firewall; isolation keeps the whole machine out of reach.
    if (discovery.get("seen") is True and outcome in NO_CONNECTION
            and not reach.get("machine_answers")):
        hints.append(_hint(WARNING, translate(
            "DoctorHints",
            "The server's announcements reach this machine, but connections to it do not: "
            "discovery works one way only. On Wi-Fi this is usually client isolation (\"AP "
            "isolation\", common on guest networks), which keeps devices from reaching each "
            "other; or the server's firewall drops the port. Try a non-guest network or a "
            "cable, or turn isolation off in the router.")))
    elif (discovery.get("seen") is False and outcome == CONNECTED
          and reach.get("chatapp")):
        hints.append(_hint(INFO, translate(
            "DoctorHints",
            "Connecting by address works, but discovery does not see the server: the network "
            "does not pass multicast and broadcast between the two machines (many Wi-Fi "
            "networks and every router don't), or the server's discovery is off. Keep "
            "typing the address.")))
    if outcome in NO_CONNECTION and route.get("on_link") and route.get("kind") == WIFI:
        hints.append(_hint(WARNING, translate(
            "DoctorHints",
            "This machine reaches the server's network by Wi-Fi and gets no answer: if both "
            "machines are on the same Wi-Fi, the access point may keep devices apart (client "
            "isolation). Connect both to the same non-guest network or by cable, or turn "
            "isolation off in the router.")))
    host = route.get("host")
    if host and not route.get("on_link") and not route.get("loopback") and outcome in NO_CONNECTION:
        hints.extend(_subnet_hints(str(host), adapters))
    vpns = [a for a in adapters if a.kind == VPN]
    if vpns and (as_server or outcome in NO_CONNECTION):
        hints.append(_hint(INFO, translate(
            "DoctorHints",
            "A VPN is on ({names}): some VPNs send all traffic through the tunnel and cut this "
            "machine off from its own network. If nobody can connect, try with the VPN off."
        ).format(names=", ".join(a.name for a in vpns))))
    if as_server:
        hints.extend(_addresses_to_give(adapters))
    return hints


def _subnet_hints(host: str, adapters: list[Adapter]) -> list[Finding]:
    target = ipaddress.ip_address(host)
    for adapter in adapters:
        if adapter.kind not in LAN_KINDS:
            continue
        for interface in adapter.interfaces:
            if interface.version != target.version or interface.version != 4:
                continue
            wide = ipaddress.ip_network(f"{interface.ip}/{LOOKS_ALIKE_PREFIX}", strict=False)
            if target in wide:
                return [_hint(WARNING, translate(
                    "DoctorHints",
                    "{host} looks like this machine's network {network} ({name}) but is outside "
                    "it: with the netmask {mask} the two machines are on different subnets. "
                    "Check both machines' address and netmask (the router's settings give "
                    "them).").format(host=host, network=interface.network, name=adapter.name,
                                     mask=interface.netmask))]
    return [_hint(INFO, translate(
        "DoctorHints",
        "The two machines are on different networks: connections between them go through "
        "routers, which often do not pass them. Put both machines on the same network if "
        "you can."))]


def _addresses_to_give(adapters: list[Adapter]) -> list[Finding]:
    """On the server: which addresses to read out, and which not to."""
    good = [(a, i) for a in adapters if a.kind in LAN_KINDS for i in a.interfaces
            if i.version == 4]
    misleading = [(a, i) for a in adapters if a.kind not in LAN_KINDS and a.kind != LOOPBACK
                  for i in a.interfaces if i.version == 4]
    hints = []
    if good:
        hints.append(_hint(INFO, translate(
            "DoctorHints", "Give people on your network this machine's address: {addresses}."
        ).format(addresses=", ".join(f"{i.ip} ({a.name}, {kind_label(a.kind)})"
                                     for a, i in good))))
    if misleading:
        hints.append(_hint(INFO, translate(
            "DoctorHints", "Not these: {addresses}. They lead to this machine's own virtual "
            "machines, containers or a VPN, not to the machines around you.").format(
            addresses=", ".join(f"{i.ip} ({a.name}, {kind_label(a.kind)})"
                                for a, i in misleading))))
    return hints
