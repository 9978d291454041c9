"""Draws one chat row: time, nick, then the text wrapped in its own column.

Text is laid out with QTextLayout, which never interprets markup: a message
reading "<b>hi</b>" or "<img src=http://...>" is shown as those characters
and nothing is ever fetched. The same layout code measures and paints, so the
height stored in the model always fits what is drawn.
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .chat_model import ENTRY_ROLE, ChatEntry, EntryKind

PAD_V = 3
PAD_H = 6
GAP = 8
NICK_COLUMN_CHARS = 10
LINE_SEPARATOR = "\u2028"  # QTextLayout breaks lines here, not at "\n"


def nick_color(nick: str, dark: bool) -> QColor:
    """A stable colour per nick, readable on the theme's background."""
    hue = zlib.crc32(nick.encode("utf-8")) % 360
    return QColor.fromHsl(hue, 150, 175 if dark else 85)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class ChatDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_font(parent.font() if parent is not None else QFont())

    def set_font(self, font: QFont) -> None:
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.italic = QFont(font)
        self.italic.setItalic(True)
        self.metrics = QFontMetrics(self.font)
        self.bold_metrics = QFontMetrics(self.bold)
        self.time_width = self.metrics.horizontalAdvance("88:88:88")
        self.nick_width = self.bold_metrics.horizontalAdvance("M" * NICK_COLUMN_CHARS) * 3 // 4
        self.line_height = self.metrics.lineSpacing()

    def text_left(self) -> int:
        return PAD_H + self.time_width + GAP + self.nick_width + GAP

    def text_width(self, row_width: int) -> int:
        return max(40, row_width - self.text_left() - PAD_H)

    # --- the text of a row ------------------------------------------------------

    def body(self, entry: ChatEntry) -> tuple[str, int]:
        """The text to wrap, and how many leading characters are a marker
        (drawn in the accent colour), e.g. "private → bob: "."""
        text = entry.text
        if entry.kind is EntryKind.CHAT and entry.me:
            text = f"{entry.sender} {text}"
        marker = ""
        if entry.is_private:
            marker = self.tr("private → %1: ").replace("%1", entry.to or "")
        return marker + text, len(marker)

    def _layout(self, entry: ChatEntry, width: int) -> QTextLayout:
        text, marker_len = self.body(entry)
        font = self.italic if entry.kind is not EntryKind.CHAT or entry.me else self.font
        layout = QTextLayout(text.replace("\n", LINE_SEPARATOR), font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        if marker_len:
            fmt = QTextCharFormat()
            fmt.setFontItalic(True)
            fmt.setForeground(QColor("#8e44ad"))
            marker = QTextLayout.FormatRange()
            marker.start, marker.length, marker.format = 0, marker_len, fmt
            layout.setFormats([marker])
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += self.line_height
        layout.endLayout()
        return layout

    def measure(self, entry: ChatEntry, row_width: int) -> QSize:
        width = self.text_width(row_width)
        text, _ = self.body(entry)
        # Most messages are one short line: skip the full layout for them.
        if "\n" not in text and self.metrics.horizontalAdvance(text) * 1.15 < width:
            lines = 1
        else:
            lines = max(1, self._layout(entry, width).lineCount())
        return QSize(row_width, lines * self.line_height + 2 * PAD_V)

    # --- painting ---------------------------------------------------------------
    # No sizeHint() override: the base class returns the model's SizeHintRole from
    # C++. A Python override would be called for every row on every relayout.

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry: ChatEntry | None = index.data(ENTRY_ROLE)
        if entry is None:
            return
        palette = option.palette
        dark = is_dark(palette)
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif entry.own:
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(40)
            painter.fillRect(rect, tint)
        elif entry.is_private:
            painter.fillRect(rect, QColor(142, 68, 173, 28))
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlpha(150)
        top = rect.top() + PAD_V

        painter.setFont(self.font)
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.left() + PAD_H, top, self.time_width, self.line_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            entry.time,
        )

        nick_rect = QRect(
            rect.left() + PAD_H + self.time_width + GAP, top, self.nick_width, self.line_height
        )
        if entry.kind is EntryKind.CHAT and not entry.me:
            painter.setFont(self.bold)
            color = (
                palette.color(QPalette.ColorRole.Highlight)
                if entry.own
                else nick_color(entry.sender, dark)
            )
            painter.setPen(text_color if selected else color)
            nick = self.bold_metrics.elidedText(
                entry.sender, Qt.TextElideMode.ElideRight, self.nick_width
            )
            painter.drawText(
                nick_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, nick
            )
        else:
            painter.setFont(self.bold)
            mark = "!" if entry.kind is EntryKind.ERROR else "*"
            painter.setPen(muted)
            painter.drawText(
                nick_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, mark
            )

        if entry.kind is EntryKind.ERROR and not selected:
            painter.setPen(QColor("#ff6b68") if dark else QColor("#c5221f"))
        elif entry.kind is EntryKind.NOTICE and not selected:
            painter.setPen(muted)
        else:
            painter.setPen(text_color)
        layout = self._layout(entry, self.text_width(rect.width()))
        layout.draw(painter, QPointF(rect.left() + self.text_left(), top))
        painter.restore()
