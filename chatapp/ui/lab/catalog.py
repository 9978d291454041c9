"""The labs the lab window offers, in the order of the lessons."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .backlog_page import BacklogPage
from .frozen_peer_page import FrozenPeerPage
from .handshake_close_page import HandshakeClosePage
from .lab_page import LabPage
from .sticky_packets_page import StickyPacketsPage
from .tcp_vs_udp_page import TcpVsUdpPage


def lab_pages(parent: QWidget | None = None) -> list[LabPage]:
    pages: list[LabPage] = [
        StickyPacketsPage(parent),  # 1 sticky and split packets
        HandshakeClosePage(parent),  # 2 handshake and close
        FrozenPeerPage(parent),  # 3 frozen and dead peers
        TcpVsUdpPage(parent),  # 4 TCP versus UDP, and reliability on UDP
        BacklogPage(parent),  # 5 the accept backlog
    ]
    return pages
