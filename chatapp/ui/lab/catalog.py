"""The labs the lab window offers, in the order of the lessons."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .backlog_page import BacklogPage
from .lab_page import LabPage
from .sticky_packets_page import StickyPacketsPage


def lab_pages(parent: QWidget | None = None) -> list[LabPage]:
    pages: list[LabPage] = [
        StickyPacketsPage(parent),  # 1 sticky and split packets
        BacklogPage(parent),  # 5 the accept backlog
    ]
    return pages
