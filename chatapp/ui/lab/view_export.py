"""A lab's diagrams and timelines as PNG and SVG files, for a teacher's slides.

PNG is the widget as painted (QWidget.grab), SVG the same painting recorded
by QSvgGenerator: vector text and lines that stay sharp on a projector.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def file_stem(key: str) -> str:
    """A view's key as a file name every system accepts ("reads / hex" -> "reads-hex")."""
    return _UNSAFE.sub("-", key).strip("-") or "view"


def export_view(widget: QWidget, folder: Path, stem: str) -> list[Path]:
    """Write `stem`.png and `stem`.svg of the widget into `folder`; the files written.
    Raises OSError with the reason when a file cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{stem}.png"
    if not widget.grab().save(str(png), "PNG"):
        raise OSError(f"could not write {png}")
    svg = folder / f"{stem}.svg"
    generator = QSvgGenerator()
    generator.setFileName(str(svg))
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(stem)
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not write {svg}")
    try:
        widget.render(painter, QPoint())
    finally:
        painter.end()
    if not svg.is_file() or svg.stat().st_size == 0:
        raise OSError(f"could not write {svg}")
    return [png, svg]


def export_views(views: dict[str, QWidget], folder: Path) -> list[Path]:
    written: list[Path] = []
    for key, widget in views.items():
        written += export_view(widget, folder, file_stem(key))
    return written
