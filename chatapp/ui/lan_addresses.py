"""This machine's addresses, to read out to people who want to connect.

Only displayed, never sent to: the server window lists them so the operator
can say "connect to 192.168.1.20, port 2000".
"""

from __future__ import annotations

from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QNetworkInterface

IPv4 = QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
IPv6 = QAbstractSocket.NetworkLayerProtocol.IPv6Protocol


def lan_addresses(include_loopback: bool = False) -> list[str]:
    """IPv4 addresses of interfaces that are up, LAN first; IPv6 only if no IPv4.

    Link-local IPv6 (fe80::) is left out: it needs a scope id nobody can read aloud.
    """
    v4: list[str] = []
    v6: list[str] = []
    flags = QNetworkInterface.InterfaceFlag
    for interface in QNetworkInterface.allInterfaces():
        up = interface.flags() & flags.IsUp and interface.flags() & flags.IsRunning
        loopback = bool(interface.flags() & flags.IsLoopBack)
        if not up or (loopback and not include_loopback):
            continue
        for entry in interface.addressEntries():
            address: QHostAddress = entry.ip()
            if address.isLoopback() and not include_loopback:
                continue
            if address.protocol() == IPv4:
                v4.append(address.toString())
            elif address.protocol() == IPv6 and not address.isLinkLocal():
                v6.append(address.toString().split("%")[0])
    return _unique(v4) or _unique(v6)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def addresses_to_show(listen_host: str, port: int) -> list[str]:
    """What to tell clients: "host:port" for each address the server is reachable on."""
    if listen_host in ("0.0.0.0", "::", ""):
        hosts = lan_addresses() or lan_addresses(include_loopback=True)
    else:
        hosts = [listen_host]
    return [f"[{h}]:{port}" if ":" in h else f"{h}:{port}" for h in hosts]
