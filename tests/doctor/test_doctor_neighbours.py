"""The neighbour (ARP) tables, from recorded outputs of each system."""

from __future__ import annotations

from chatapp.doctor.neighbours import (
    INCOMPLETE,
    RESOLVED,
    parse_macos_arp,
    parse_proc_arp,
    parse_windows_neighbours,
)

PROC_ARP = """IP address       HW type     Flags       HW address            Mask     Device
198.18.1.200     0x1         0x0         00:00:00:00:00:00     *        ca14201n1e2
198.18.1.1       0x1         0x2         ae:12:9f:00:11:22     *        ca14201n1e2
198.18.1.9       0x1         zz          ae:12:9f:00:11:22     *        ca14201n1e2
"""
MACOS_INCOMPLETE = "? (192.168.1.200) at (incomplete) on en0 ifscope [ethernet]\n"
MACOS_RESOLVED = "? (192.168.1.1) at 3c:22:fb:1:2:3 on en0 ifscope [ethernet]\n"
MACOS_NONE = "192.168.1.77 (192.168.1.77) -- no entry\n"
WINDOWS = """
Interface 12: Wi-Fi


Internet Address                              Physical Address   Type
--------------------------------------------  -----------------  -----------
192.168.1.1                                   00-11-22-33-44-55  Reachable
192.168.1.200                                 00-00-00-00-00-00  Unreachable
192.168.1.30                                  00-11-22-33-44-66  Stale
224.0.0.22                                    01-00-5e-00-00-16  Permanent
"""


def test_linux_proc_arp():
    assert parse_proc_arp(PROC_ARP, "198.18.1.200") == INCOMPLETE
    assert parse_proc_arp(PROC_ARP, "198.18.1.1") == RESOLVED
    assert parse_proc_arp(PROC_ARP, "198.18.1.9") is None  # unreadable flags
    assert parse_proc_arp(PROC_ARP, "198.18.1.2") is None
    assert parse_proc_arp("", "198.18.1.2") is None


def test_macos_arp():
    assert parse_macos_arp(MACOS_INCOMPLETE, "192.168.1.200") == INCOMPLETE
    assert parse_macos_arp(MACOS_RESOLVED, "192.168.1.1") == RESOLVED
    assert parse_macos_arp(MACOS_NONE, "192.168.1.77") is None
    assert parse_macos_arp(MACOS_RESOLVED, "192.168.1.11") is None  # not a prefix match


def test_windows_neighbours():
    assert parse_windows_neighbours(WINDOWS, "192.168.1.200") == INCOMPLETE
    assert parse_windows_neighbours(WINDOWS, "192.168.1.1") == RESOLVED
    assert parse_windows_neighbours(WINDOWS, "192.168.1.30") == RESOLVED
    assert parse_windows_neighbours(WINDOWS, "192.168.1.2") is None
