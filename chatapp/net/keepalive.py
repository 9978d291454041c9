"""TCP keepalive on a socket: the kernel's own probe of a silent peer.

The in-band heartbeat notices a dead peer in seconds; keepalive is the
backstop for peers that get no pings (plain text) and keeps NAT and firewall
state alive. The kernel's default waits two hours before the first probe.
"""

from __future__ import annotations

import socket
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class KeepaliveSettings:
    idle: int = 60  # seconds of silence before the first probe
    interval: int = 10  # seconds between probes
    count: int = 5  # unanswered probes before the kernel drops the connection

    def describe(self) -> str:
        return f"on: idle {self.idle} s, every {self.interval} s, {self.count} probes"


DEFAULT_KEEPALIVE = KeepaliveSettings()


def _borrow(descriptor: int) -> socket.socket | None:
    # socket.socket(fileno=...) adopts the descriptor; callers detach() it after
    # use so that Qt stays the only owner and closing stays Qt's job. None when
    # the descriptor is already closed (Qt may still report it for a moment).
    if descriptor < 0:
        return None
    try:
        return socket.socket(fileno=descriptor)
    except OSError:
        return None


def enable_keepalive(descriptor: int, settings: KeepaliveSettings) -> bool:
    """Turn keepalive on with `settings`; False if the platform refused."""
    sock = _borrow(descriptor)
    if sock is None:
        return False
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        if sys.platform == "win32":
            sock.ioctl(  # type: ignore[attr-defined]
                socket.SIO_KEEPALIVE_VALS,  # type: ignore[attr-defined]
                (1, settings.idle * 1000, settings.interval * 1000),
            )
            return True
        idle_option = getattr(socket, "TCP_KEEPIDLE", None) or getattr(
            socket, "TCP_KEEPALIVE", None
        )
        if idle_option is not None:
            sock.setsockopt(socket.IPPROTO_TCP, idle_option, settings.idle)
        if hasattr(socket, "TCP_KEEPINTVL"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, settings.interval)
        if hasattr(socket, "TCP_KEEPCNT"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, settings.count)
        return True
    except OSError:
        return False
    finally:
        sock.detach()


def read_keepalive(descriptor: int) -> KeepaliveSettings | None:
    """The keepalive values the kernel holds for this socket, or None if off."""
    sock = _borrow(descriptor)
    if sock is None:
        return None
    try:
        if not sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE):
            return None
        idle_option = getattr(socket, "TCP_KEEPIDLE", None) or getattr(
            socket, "TCP_KEEPALIVE", None
        )
        if idle_option is None or not hasattr(socket, "TCP_KEEPINTVL"):
            return KeepaliveSettings()  # on, with values this platform does not report
        return KeepaliveSettings(
            idle=sock.getsockopt(socket.IPPROTO_TCP, idle_option),
            interval=sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL),
            count=sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT),
        )
    except OSError:
        return None
    finally:
        sock.detach()
