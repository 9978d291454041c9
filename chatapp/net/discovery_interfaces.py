"""Which network interfaces discovery may use (beacon, subnet scan).

Everything that broadcasts or multicasts takes its interfaces from here, and
here from a setting: None or [] means every interface that is up and can reach
a LAN (the app's default); names mean exactly those, loopback included, which
is what the tests use so that nothing reaches the machine's real networks.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

_Flag = QNetworkInterface.InterfaceFlag


@dataclass(frozen=True)
class DiscoveryInterface:
    name: str  # the system's name, e.g. "eth0", "lo", "Ethernet 2"
    index: int
    address: str  # this machine's IPv4 address on it
    prefix_length: int
    netmask: str
    broadcast: str  # "" when the interface has no broadcast address
    can_multicast: bool
    is_loopback: bool

    @property
    def network(self) -> ipaddress.IPv4Interface:
        return ipaddress.IPv4Interface(f"{self.address}/{self.prefix_length}")

    def qt_interface(self) -> QNetworkInterface:
        return QNetworkInterface.interfaceFromName(self.name)


def discovery_interfaces(names: list[str] | None) -> list[DiscoveryInterface]:
    """One entry per IPv4 address of the chosen interfaces, in the system's order."""
    wanted = set(names or ())
    found = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        loopback = bool(flags & _Flag.IsLoopBack)
        if wanted:
            if interface.name() not in wanted:
                continue
        elif loopback or not flags & (_Flag.CanBroadcast | _Flag.CanMulticast):
            continue
        if not (flags & _Flag.IsUp and flags & _Flag.IsRunning):
            continue
        for entry in interface.addressEntries():
            if entry.ip().protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                continue
            found.append(_described(interface, entry, loopback))
    return found


def _described(interface: QNetworkInterface, entry, loopback: bool) -> DiscoveryInterface:
    address = entry.ip().toString()
    prefix = entry.prefixLength()
    if not 0 <= prefix <= 32:  # Qt says -1 when the system did not tell
        prefix = 8 if loopback else 24
    network = ipaddress.IPv4Interface(f"{address}/{prefix}").network
    broadcast = entry.broadcast().toString() if not entry.broadcast().isNull() else ""
    if not broadcast and loopback and prefix < 31:
        # Linux delivers 127.255.255.255 on lo though lo has no broadcast flag:
        # the broadcast path can then be tested on loopback.
        broadcast = str(network.broadcast_address)
    return DiscoveryInterface(
        name=interface.name(),
        index=interface.index(),
        address=address,
        prefix_length=prefix,
        netmask=str(network.netmask),
        broadcast=broadcast,
        can_multicast=bool(interface.flags() & _Flag.CanMulticast),
        is_loopback=loopback,
    )
