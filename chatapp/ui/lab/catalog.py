"""The labs the lab window offers, in the order of the lessons."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .lab_page import LabPage
from .tcp_vs_udp_page import TcpVsUdpPage


def lab_pages(parent: QWidget | None = None) -> list[LabPage]:
    pages: list[LabPage] = []
    pages.append(TcpVsUdpPage(parent))  # 4
    return pages
