"""A lab's one-line verdict: green when it went as the lesson says, red when not,
in shades that stay readable on the light and the dark theme."""

from __future__ import annotations

import html

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

COLOURS = {  # (on a light background, on a dark one)
    True: ("#2e7d32", "#81c784"),
    False: ("#c62828", "#ef9a9a"),
}


def status_html(widget: QWidget, sentence: str, good: bool) -> str:
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    colour = COLOURS[good][1 if dark else 0]
    return f'<span style="color:{colour}">{html.escape(sentence)}</span>'
