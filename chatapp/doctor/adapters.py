"""This machine's adapters, their addresses and networks (address/prefix, from
the adapter's own netmask: a /24 is never assumed), and the doctor's findings
about them."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from .adapter_kinds import LAN_KINDS, LOOPBACK, adapter_kind, kind_label, wireless_probe
from .finding import INFO, OK, PROBLEM, WARNING, Finding

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts


Interface = ipaddress.IPv4Interface | ipaddress.IPv6Interface


@dataclass(frozen=True)
class Adapter:
    name: str
    kind: str  # adapter_kinds.WIFI, WIRED, ...
    interfaces: tuple[Interface, ...]  # address with its network

    def network_of(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address
                   ) -> Interface | None:
        """The interface of this adapter whose network holds `address`."""
        for interface in self.interfaces:
            if interface.version == address.version and address in interface.network:
                return interface
        return None


def prefix_length(netmask: str) -> int | None:
    """255.255.254.0 -> 23, ffff:ffff:ffff:ffff:: -> 64; None for no or a broken mask."""
    try:
        packed = ipaddress.ip_address(netmask).packed
    except ValueError:
        return None
    bits = "".join(f"{byte:08b}" for byte in packed)
    length = bits.find("0") if "0" in bits else len(bits)
    return length if "1" not in bits[length:] else None


def _interface(address: str, netmask: str | None) -> Interface | None:
    address = address.split("%")[0]  # fe80::1%eth0
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.is_link_local:
        return None  # needs a scope id nobody can type; no use for the chat
    length = prefix_length(netmask) if netmask else None
    if length is None:
        length = ip.max_prefixlen  # a point-to-point address: only itself
    return ipaddress.ip_interface(f"{ip}/{length}")


def read_adapters(
    if_addrs: Mapping[str, Sequence[Any]] | None = None,
    if_stats: Mapping[str, Any] | None = None,
    wireless: Callable[[str], bool | None] | None = None,
) -> list[Adapter]:
    """The adapters that are up and have an IP address (psutil's view by default)."""
    wireless = wireless or wireless_probe()
    if if_addrs is None or if_stats is None:
        import psutil

        if_addrs = psutil.net_if_addrs() if if_addrs is None else if_addrs
        if_stats = psutil.net_if_stats() if if_stats is None else if_stats
    adapters = []
    for name, entries in if_addrs.items():
        stats = if_stats.get(name)
        if stats is not None and not stats.isup:
            continue
        interfaces = []
        for entry in entries:
            if entry.family not in (socket.AF_INET, socket.AF_INET6):
                continue
            interface = _interface(entry.address, entry.netmask)
            if interface is not None:
                interfaces.append(interface)
        if not interfaces:
            continue
        kind = adapter_kind(name, wireless(name))
        if all(interface.ip.is_loopback for interface in interfaces):
            kind = LOOPBACK
        adapters.append(Adapter(name, kind, tuple(interfaces)))
    return adapters


def describe_adapter(adapter: Adapter) -> str:
    networks = ", ".join(f"{i.ip} (network {i.network})" for i in adapter.interfaces)
    return translate("DoctorAdapters", "Adapter {name} ({kind}): {networks}."
                                      ).format(name=adapter.name, kind=kind_label(adapter.kind),
                                               networks=networks)


def adapter_findings(adapters: list[Adapter], seconds: float = 0.0,
                     target_is_this_machine: bool = False) -> list[Finding]:
    """The adapters as findings. No network is a problem, except when the
    server asked about is this very machine (loopback): then it is only said."""
    done = translate(
        "DoctorAdapters", "Read this machine's network adapters, their addresses and netmasks.")
    off_machine = [a for a in adapters if a.kind in LAN_KINDS]
    findings = [
        Finding("adapters", INFO, describe_adapter(adapter), done, seconds,
                {"adapter": adapter.name, "kind": adapter.kind})
        for adapter in adapters if adapter.kind != LOOPBACK
    ]
    if not off_machine:
        sentence = translate(
            "DoctorAdapters",
            "This machine has no Wi-Fi or wired network connection that is up: connect it "
            "to the network the other machines are on.")
        verdict = INFO if target_is_this_machine else PROBLEM
        findings.insert(0, Finding("adapters", verdict, sentence, done, seconds))
    return findings


# --- which adapter reaches a host ---------------------------------------------------


def source_address(host_ip: str, port: int) -> str | None:
    """The address this machine would send from to reach host_ip (the system's
    routing decides; a UDP socket's connect() sends nothing). None: no route."""
    family = socket.AF_INET6 if ":" in host_ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect((host_ip, port or 9))
        except OSError:
            return None
        return probe.getsockname()[0].split("%")[0]


def route_finding(adapters: list[Adapter], host_ip: str, source: str | None,
                  seconds: float = 0.0) -> Finding:
    """Which adapter would reach the server, and whether it is on its network."""
    done = translate(
        "DoctorAdapters", "Asked the system which address it would use to reach {host}."
    ).format(host=host_ip)
    target = ipaddress.ip_address(host_ip)
    on_link = [(a, a.network_of(target)) for a in adapters if a.network_of(target) is not None]
    facts: dict[str, Any] = {"host": host_ip, "on_link": bool(on_link)}
    if target.is_loopback:
        sentence = translate(
            "DoctorAdapters",
            "{host} is this machine itself: other machines must use one of this machine's "
            "network addresses instead.").format(host=host_ip)
        return Finding("route", INFO, sentence, done, seconds, {**facts, "loopback": True})
    if on_link:
        adapter, interface = on_link[0]
        facts.update(adapter=adapter.name, kind=adapter.kind, network=str(interface.network))
        if adapter.kind not in LAN_KINDS:
            sentence = translate(
                "DoctorAdapters",
                "{host} is on the network of this machine's {kind} adapter {name} ({network}): "
                "that network leads to this machine's own {kind} guests or tunnel, not to "
                "the other machines around you. Use the server's Wi-Fi or wired address."
            ).format(host=host_ip, kind=kind_label(adapter.kind), name=adapter.name,
                     network=interface.network)
            return Finding("route", WARNING, sentence, done, seconds, facts)
        sentence = translate(
            "DoctorAdapters",
            "{host} is on the same network as this machine's {kind} adapter {name} "
            "({network}): no router stands between the two machines.").format(
            host=host_ip, kind=kind_label(adapter.kind), name=adapter.name,
            network=interface.network)
        return Finding("route", OK, sentence, done, seconds, facts)
    ours = "; ".join(
        f"{i.network} ({a.name})" for a in adapters if a.kind != LOOPBACK
        for i in a.interfaces if i.version == target.version)
    if source is None:
        sentence = translate(
            "DoctorAdapters",
            "This machine has no route to {host}: no adapter of this machine is on its "
            "network (this machine is on: {ours}). Check the address, or connect this machine "
            "to the server's network.").format(host=host_ip, ours=ours or "-")
        return Finding("route", PROBLEM, sentence, done, seconds, {**facts, "route": False})
    via = next((a for a in adapters for i in a.interfaces if str(i.ip) == source), None)
    facts.update(source=source, adapter=via.name if via else "", kind=via.kind if via else "")
    sentence = translate(
        "DoctorAdapters",
        "No adapter of this machine is on the network of {host} (this machine is on: {ours}): "
        "the server may be on another network or behind a VPN, and traffic to it goes through "
        "a router from {source}{via}.").format(
        host=host_ip, ours=ours or "-", source=source,
        via=f" ({via.name}, {kind_label(via.kind)})" if via else "")
    return Finding("route", INFO, sentence, done, seconds, facts)


def timed_adapters() -> tuple[list[Adapter], float]:
    started = time.monotonic()
    adapters = read_adapters()
    return adapters, time.monotonic() - started
