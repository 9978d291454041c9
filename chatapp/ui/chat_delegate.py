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
from collections.abc import Sequence

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
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ..net.client import Receipt
from .chat_model import ChatEntry, ChatModel, EntryKind

PAD_V = 3
PAD_H = 6
GAP = 8
NICK_COLUMN_CHARS = 10
ONE_LINE_MARGIN = 1.15  # a text this much narrower than the column is surely one line
LINE_SEPARATOR = "\u2028"  # QTextLayout breaks lines here, not at "\n"
SOLID, ROUND = Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SELECTED = QStyle.StateFlag.State_Selected
# Rows painted again (each batch of new rows repaints the screen) reuse their
# laid-out text; a screenful is a few dozen rows, this keeps many screens' worth.
KEPT_LAYOUTS = 512


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


def _ascii_advances(font: QFont) -> list[float]:
    """The advance of each ASCII character (index = its code), and at index 128
    the widest of them. Control characters count as very wide: their text takes
    the full layout."""
    metrics = QFontMetricsF(font)
    wide = metrics.horizontalAdvance("M") * 8
    table = [metrics.horizontalAdvance(chr(c)) if 32 <= c < 127 else wide for c in range(128)]
    table.append(max(table[32:127]))
    return table


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
        self.italic_metrics = QFontMetrics(self.italic)
        self.bold_metrics = QFontMetrics(self.bold)
        self.time_width = self.metrics.horizontalAdvance("88:88:88")
        self.nick_width = self.bold_metrics.horizontalAdvance("M" * NICK_COLUMN_CHARS) * 3 // 4
        self.line_height = self.metrics.lineSpacing()
        self.mark_width = self.line_height  # the receipt mark: a square, one line high
        self._advances = _ascii_advances(self.font)
        self._italic_advances = _ascii_advances(self.italic)
        self._sizes: dict[tuple[int, int], QSize] = {}  # (row width, lines) -> the row's size
        self._layouts: dict[tuple[ChatEntry, int, bool], QTextLayout] = {}
        self._nicks: dict[tuple[str, bool], tuple[str, QColor]] = {}  # elided, colour

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
        return self.measure_rows([entry], row_width)[0]

    def measure_rows(self, entries: Sequence[ChatEntry], row_width: int) -> list[QSize]:
        """The size of each entry's row. Most rows are a plain message of one
        short line: they take a short path (no layout, no shaping)."""
        one_line = self._size(row_width, 1)
        advances = self._advances
        limit = self.text_width(row_width) / ONE_LINE_MARGIN
        surely = limit / advances[-1]  # this many characters fit, whichever they are
        chat = EntryKind.CHAT
        sizes: list[QSize] = []
        for entry in entries:
            text = entry.text
            if (
                entry.kind is chat
                and entry.receipt is None
                and entry.to is None
                and not entry.me
                and text.isascii()
                and text.isprintable()
                and (
                    len(text) < surely
                    or sum(map(advances.__getitem__, text.encode("ascii"))) < limit
                )
            ):
                sizes.append(one_line)
            else:
                sizes.append(self._measure_one(entry, row_width))
        return sizes

    def _measure_one(self, entry: ChatEntry, row_width: int) -> QSize:
        width = self.text_width(row_width, entry)
        text, _, _ = self.body(entry)
        # Most messages are one short line: skip the full layout for them.
        if "\n" not in text and self._fits_one_line(text, entry, width):
            lines = 1
        else:
            lines = max(1, self._layout(entry, width).lineCount())
        return self._size(row_width, lines)

    def _size(self, row_width: int, lines: int) -> QSize:
        size = self._sizes.get((row_width, lines))
        if size is None:
            if len(self._sizes) > 256:  # widths seen while resizing
                self._sizes.clear()
            size = QSize(row_width, lines * self.line_height + 2 * PAD_V)
            self._sizes[row_width, lines] = size
        return size

    def _fits_one_line(self, text: str, entry: ChatEntry, width: int) -> bool:
        """Surely one line, with a margin for kerning; False sends it to the full
        layout. Printable ASCII is summed from a table of advances (shaping a
        string is the slow part of measuring it); other text is measured by the font."""
        italic = entry.kind is not EntryKind.CHAT or entry.me
        limit = width / ONE_LINE_MARGIN
        if text.isascii() and text.isprintable():
            advances = self._italic_advances if italic else self._advances
            if len(text) * advances[-1] < limit:
                return True
            return sum(map(advances.__getitem__, text.encode("ascii"))) < limit
        return (self.italic_metrics if italic else self.metrics).horizontalAdvance(text) < limit

    # --- painting ---------------------------------------------------------------
    # No sizeHint() override: the base class returns the model's SizeHintRole from
    # C++. A Python override would be called for every row on every relayout.

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        entry = model.entry(index.row()) if isinstance(model, ChatModel) else None
        if entry is None:
            return
        palette = option.palette
        dark = is_dark(palette)
        rect: QRect = option.rect
        selected = bool(option.state & SELECTED)
        if entry.kind is EntryKind.SEPARATOR:
            self._paint_separator(painter, rect, entry.text, palette, selected)
            return
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
            QRect(rect.left() + PAD_H, top, self.time_width, self.line_height), LEFT, entry.time
        )

        nick_rect = QRect(
            rect.left() + PAD_H + self.time_width + GAP, top, self.nick_width, self.line_height
        )
        if entry.kind is EntryKind.CHAT and not entry.me:
            painter.setFont(self.bold)
            nick, color = self._nick(entry.sender, dark)
            if entry.own:
                color = palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(text_color if selected else color)
            painter.drawText(nick_rect, RIGHT, nick)
        else:
            painter.setFont(self.bold)
            mark = "!" if entry.kind is EntryKind.ERROR else "*"
            painter.setPen(muted)
            painter.drawText(nick_rect, RIGHT, mark)

        if entry.kind is EntryKind.ERROR and not selected:
            painter.setPen(error_color(dark))
        elif entry.kind is EntryKind.NOTICE and not selected:
            painter.setPen(muted)
        else:
            painter.setPen(text_color)
        layout = self._painted_layout(
            entry, self.text_width(rect.width(), entry), dark and not selected
        )
        layout.draw(painter, QPointF(rect.left() + self.text_left(), top))
        if entry.receipt is not None:
            mark_rect = QRect(
                rect.right() - PAD_H - self.mark_width, top, self.mark_width, self.line_height
            )
            self.paint_receipt(painter, mark_rect, entry.receipt, dark, muted, selected)
        painter.restore()

    def _paint_separator(
        self, painter: QPainter, rect: QRect, text: str, palette: QPalette, selected: bool
    ) -> None:
        """A heading across the chat: a rule, the words in the middle, a rule."""
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        color.setAlpha(150)
        painter.setPen(color)
        painter.setFont(self.bold)
        words = QFontMetrics(self.bold).horizontalAdvance(text) + 2 * GAP
        middle_y = rect.top() + PAD_V + self.line_height // 2
        left, right = rect.left() + PAD_H, rect.right() - PAD_H
        middle_x = (left + right) // 2
        painter.drawText(
            QRect(middle_x - words // 2, rect.top() + PAD_V, words, self.line_height),
            int(Qt.AlignmentFlag.AlignCenter),
            text,
        )
        painter.drawLine(left, middle_y, middle_x - words // 2, middle_y)
        painter.drawLine(middle_x + words // 2, middle_y, right, middle_y)
        painter.restore()

    def _painted_layout(self, entry: ChatEntry, width: int, dark: bool) -> QTextLayout:
        key = (entry, width, dark)
        layout = self._layouts.get(key)
        if layout is None:
            if len(self._layouts) >= KEPT_LAYOUTS:
                del self._layouts[next(iter(self._layouts))]  # the oldest
            layout = self._layouts[key] = self._layout(entry, width, dark)
        return layout

    def _nick(self, sender: str, dark: bool) -> tuple[str, QColor]:
        """The nick as it fits its column, and its colour."""
        known = self._nicks.get((sender, dark))
        if known is None:
            if len(self._nicks) >= KEPT_LAYOUTS:
                self._nicks.clear()
            elided = self.bold_metrics.elidedText(
                sender, Qt.TextElideMode.ElideRight, self.nick_width
            )
            known = self._nicks[sender, dark] = (elided, nick_color(sender, dark))
        return known

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
