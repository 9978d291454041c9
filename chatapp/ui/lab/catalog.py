"""The labs the lab window offers, in the order of the lessons."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .frozen_peer_page import FrozenPeerPage
from .handshake_close_page import HandshakeClosePage
from .lab_page import LabPage


def lab_pages(parent: QWidget | None = None) -> list[LabPage]:
    pages: list[LabPage] = [
        HandshakeClosePage(parent),  # 2 handshake and close
        FrozenPeerPage(parent),  # 3 frozen and dead peers
    ]
    return pages
