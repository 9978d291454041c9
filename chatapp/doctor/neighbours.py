"""Whether anyone on the local network answered for an address: the system's
neighbour (ARP) table. After a connection gets no answer, an entry still
"incomplete" means no machine on this network has that address, which is
a different fix (the address) from a firewall (the server's settings)."""

from __future__ import annotations

import sys
from pathlib import Path

from .commands import run_bounded

INCOMPLETE = "incomplete"  # asked, nobody answered
RESOLVED = "resolved"  # a machine answered: it exists
ATF_COM = 0x2  # Linux: the entry is complete


def parse_proc_arp(text: str, address: str) -> str | None:
    """Linux /proc/net/arp: "IP HW-type Flags HW-address Mask Device"."""
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 4 and fields[0] == address:
            try:
                flags = int(fields[2], 16)
            except ValueError:
                return None
            return RESOLVED if flags & ATF_COM else INCOMPLETE
    return None


def parse_macos_arp(text: str, address: str) -> str | None:
    """`arp -n ADDRESS`: "? (192.168.1.20) at (incomplete) on en0 ..." or a MAC, or "no entry"."""
    for line in text.splitlines():
        if f"({address})" not in line:
            continue
        if "no entry" in line:
            return None
        return INCOMPLETE if "(incomplete)" in line else RESOLVED
    return None


def parse_windows_neighbours(text: str, address: str) -> str | None:
    """`netsh interface ipv4 show neighbors`: "ADDRESS  MAC  Reachable|Unreachable|...". """
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0] == address:
            state = fields[-1].lower()
            if state in ("unreachable", "incomplete"):
                return INCOMPLETE
            if state in ("reachable", "stale", "delay", "probe", "permanent"):
                return RESOLVED
    return None


def neighbour_state(address: str, timeout: float = 2.0) -> str | None:
    """INCOMPLETE, RESOLVED, or None when the table does not say (IPv6, no entry)."""
    if ":" in address:
        return None
    if sys.platform.startswith("linux"):
        try:
            return parse_proc_arp(Path("/proc/net/arp").read_text(), address)
        except OSError:
            return None
    if sys.platform == "darwin":
        result = run_bounded(["arp", "-n", address], timeout)
        return parse_macos_arp(result.output, address) if result.ran else None
    if sys.platform == "win32":
        result = run_bounded(["netsh", "interface", "ipv4", "show", "neighbors"], timeout)
        return parse_windows_neighbours(result.output, address) if result.ran else None
    return None
