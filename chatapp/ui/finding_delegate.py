"""How the doctor's dialog draws a finding: its verdict's icon, the sentence
in the list's font, and under it, smaller and quieter, what the check did.
Both wrap to the list's width, so nothing hides behind a scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

DONE_ROLE = Qt.ItemDataRole.UserRole + 1  # what the check did, with its time
MARGIN = 6
ICON_SIZE = 20
GAP = 2  # between the sentence and what was done
DONE_FONT_SCALE = 0.9
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)

Index = QModelIndex | QPersistentModelIndex


class FindingDelegate(QStyledItemDelegate):
    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.view = view

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        done = QFont(option.font)
        done.setPointSizeF(max(1.0, option.font.pointSizeF() * DONE_FONT_SCALE))
        return option.font, done

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width() or self.view.viewport().width()  # type: ignore[attr-defined]
        return max(80, width - ICON_SIZE - 3 * MARGIN)

    def _heights(self, option: QStyleOptionViewItem, index: Index) -> tuple[int, int]:
        sentence_font, done_font = self._fonts(option)
        width = self._text_width(option)
        box = QRect(0, 0, width, 100_000)
        sentence = QFontMetrics(sentence_font).boundingRect(box, WRAP, index.data() or "")
        done = QFontMetrics(done_font).boundingRect(box, WRAP, index.data(DONE_ROLE) or "")
        return sentence.height(), done.height()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        option = QStyleOptionViewItem(option)
        option.rect.setWidth(self.view.viewport().width())  # type: ignore[attr-defined]
        sentence, done = self._heights(option, index)
        return QSize(option.rect.width(), max(ICON_SIZE, sentence + GAP + done) + 2 * MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        style = self.view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, item, painter, self.view)
        rect = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        item.icon.paint(painter, QRect(rect.left(), rect.top(), ICON_SIZE, ICON_SIZE))
        sentence_font, done_font = self._fonts(option)
        sentence_height, done_height = self._heights(option, index)
        left = rect.left() + ICON_SIZE + MARGIN
        width = self._text_width(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(group, text_role))
        painter.setFont(sentence_font)
        painter.drawText(QRect(left, rect.top(), width, sentence_height), WRAP, index.data() or "")
        quiet = option.palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setPen(option.palette.color(group, text_role) if selected else quiet)
        painter.setFont(done_font)
        painter.drawText(QRect(left, rect.top() + sentence_height + GAP, width, done_height), WRAP,
                         index.data(DONE_ROLE) or "")
        painter.restore()
