"""What the doctor's unit tests share: psutil-shaped fake records."""

from __future__ import annotations

import socket
from collections import namedtuple

Addr = namedtuple("Addr", "family address netmask broadcast ptp")
Stats = namedtuple("Stats", "isup duplex speed mtu flags")
Endpoint = namedtuple("Endpoint", "ip port")
Connection = namedtuple("Connection", "fd family type laddr raddr status pid")

UP = Stats(True, 2, 1000, 1500, "up,running")
DOWN = Stats(False, 2, 0, 1500, "")


def v4(address: str, netmask: str) -> Addr:
    return Addr(socket.AF_INET, address, netmask, None, None)


def v6(address: str, netmask: str) -> Addr:
    return Addr(socket.AF_INET6, address, netmask, None, None)


def listening(port: int, pid: int | None, ip: str = "0.0.0.0") -> Connection:
    return Connection(3, socket.AF_INET, socket.SOCK_STREAM, Endpoint(ip, port), (), "LISTEN",
                      pid)
