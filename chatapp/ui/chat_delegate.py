"""Draws one chat row: time, nick, then the text wrapped in its own column.

Text is laid out with QTextLayout, which never interprets markup: a message
reading "<b>hi</b>" or "<img src=http://...>" is shown as those characters
and nothing is ever fetched. The same layout code measures and paints, so the
height stored in the model always fits what is drawn.

Your own messages in the client get a receipt mark at the right end of the
row: a small clock while the server has not stored it, a check mark once it
has, a red cross when it refused it (the reason is then a second, red line of
the row). The marks are drawn, not font glyphs, so they look the same with
every font and in both themes.
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ..net.client import Receipt
from .chat_model import ENTRY_ROLE, ChatEntry, EntryKind

PAD_V = 3
PAD_H = 6
GAP = 8
NICK_COLUMN_CHARS = 10
LINE_SEPARATOR = "\u2028"  # QTextLayout breaks lines here, not at "\n"
SOLID, ROUND = Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap


def nick_color(nick: str, dark: bool) -> QColor:
    """A stable colour per nick, readable on the theme's background."""
    hue = zlib.crc32(nick.encode("utf-8")) % 360
    return QColor.fromHsl(hue, 150, 175 if dark else 85)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def error_color(dark: bool) -> QColor:
    return QColor("#ff6b68") if dark else QColor("#c5221f")


def delivered_color(dark: bool) -> QColor:
    return QColor("#81c995") if dark else QColor("#188038")


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
        self.mark_width = self.line_height  # the receipt mark: a square, one line high

    def text_left(self) -> int:
        return PAD_H + self.time_width + GAP + self.nick_width + GAP

    def text_width(self, row_width: int, entry: ChatEntry | None = None) -> int:
        right = PAD_H
        if entry is not None and entry.receipt is not None:
            right += GAP + self.mark_width
        return max(40, row_width - self.text_left() - right)

    # --- the text of a row ------------------------------------------------------

    def failure_text(self, entry: ChatEntry) -> str:
        reason = entry.failure or self.tr("the server refused it")
        return self.tr("Not delivered: %1").replace("%1", reason)

    def body(self, entry: ChatEntry) -> tuple[str, int, int]:
        """The text to wrap, how many leading characters are a marker (drawn in
        the accent colour, e.g. "private → bob: "), and how many trailing ones
        say why it failed (drawn in red)."""
        text = entry.text
        if entry.kind is EntryKind.CHAT and entry.me:
            text = f"{entry.sender} {text}"
        marker = ""
        if entry.is_private:
            marker = self.tr("private → %1: ").replace("%1", entry.to or "")
        failure = ""
        if entry.receipt is Receipt.FAILED:
            failure = "\n" + self.failure_text(entry)
        return marker + text + failure, len(marker), len(failure)

    def _layout(self, entry: ChatEntry, width: int, dark: bool = False) -> QTextLayout:
        text, marker_len, failure_len = self.body(entry)
        font = self.italic if entry.kind is not EntryKind.CHAT or entry.me else self.font
        layout = QTextLayout(text.replace("\n", LINE_SEPARATOR), font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        formats = []
        if marker_len:
            fmt = QTextCharFormat()
            fmt.setFontItalic(True)
            fmt.setForeground(QColor("#8e44ad"))
            marker = QTextLayout.FormatRange()
            marker.start, marker.length, marker.format = 0, marker_len, fmt
            formats.append(marker)
        if failure_len:
            fmt = QTextCharFormat()
            fmt.setFontItalic(True)
            fmt.setForeground(error_color(dark))
            failure = QTextLayout.FormatRange()
            failure.start, failure.length = len(text) - failure_len, failure_len
            failure.format = fmt
            formats.append(failure)
        if formats:
            layout.setFormats(formats)
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
        width = self.text_width(row_width, entry)
        text, _, _ = self.body(entry)
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
            painter.setPen(error_color(dark))
        elif entry.kind is EntryKind.NOTICE and not selected:
            painter.setPen(muted)
        else:
            painter.setPen(text_color)
        layout = self._layout(entry, self.text_width(rect.width(), entry), dark and not selected)
        layout.draw(painter, QPointF(rect.left() + self.text_left(), top))
        if entry.receipt is not None:
            mark_rect = QRect(
                rect.right() - PAD_H - self.mark_width, top, self.mark_width, self.line_height
            )
            self.paint_receipt(painter, mark_rect, entry.receipt, dark, muted, selected)
        painter.restore()

    def paint_receipt(
        self,
        painter: QPainter,
        rect: QRect,
        receipt: Receipt,
        dark: bool,
        muted: QColor,
        selected: bool = False,
    ) -> None:
        """A clock (sending), a check mark (delivered) or a cross (failed)."""
        size = min(rect.width(), rect.height()) * 0.72
        box = QRectF(0, 0, size, size)
        box.moveCenter(QRectF(rect).center())
        width = max(1.5, size / 8)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if receipt is Receipt.SENDING:
            painter.setPen(QPen(muted, width * 0.8))
            painter.drawEllipse(box.adjusted(width / 2, width / 2, -width / 2, -width / 2))
            c = box.center()
            painter.setPen(QPen(muted, width * 0.8, SOLID, ROUND))
            painter.drawLine(c, QPointF(c.x(), box.top() + size * 0.25))
            painter.drawLine(c, QPointF(box.left() + size * 0.72, c.y()))
        elif receipt is Receipt.DELIVERED:
            color = muted if selected else delivered_color(dark)
            painter.setPen(QPen(color, width, SOLID, ROUND, Qt.PenJoinStyle.RoundJoin))
            painter.drawPolyline(
                [
                    QPointF(box.left() + size * 0.12, box.top() + size * 0.55),
                    QPointF(box.left() + size * 0.40, box.top() + size * 0.82),
                    QPointF(box.left() + size * 0.90, box.top() + size * 0.20),
                ]
            )
        else:
            color = muted if selected else error_color(dark)
            painter.setPen(QPen(color, width, SOLID, ROUND))
            inset = size * 0.18
            inner = box.adjusted(inset, inset, -inset, -inset)
            painter.drawLine(inner.topLeft(), inner.bottomRight())
            painter.drawLine(inner.topRight(), inner.bottomLeft())
        painter.restore()
