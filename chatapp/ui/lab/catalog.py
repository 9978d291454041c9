"""The labs the lab window offers, in the order of the lessons."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .backlog_page import BacklogPage
from .lab_page import LabPage
from .sticky_packets_page import StickyPacketsPage
from .tcp_vs_udp_page import TcpVsUdpPage


def lab_pages(parent: QWidget | None = None) -> list[LabPage]:
    pages: list[LabPage] = [
        StickyPacketsPage(parent),  # 1 sticky and split packets
        TcpVsUdpPage(parent),  # 4 TCP versus UDP, and reliability on UDP
        BacklogPage(parent),  # 5 the accept backlog
    ]
    return pages
