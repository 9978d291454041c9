"""The chat: a QListView over ChatModel, drawn by ChatDelegate.

It follows the newest message while the reader is at the bottom, also when the
view gets shorter (a notice bar appears above it), and stays put when they have
scrolled up to read, also when the oldest rows leave at the top because the
model is full; then a "new messages" button at the bottom jumps down. The font
zooms with Ctrl++ / Ctrl+- / Ctrl+0 and Ctrl+wheel. When the width changes, row
heights are recomputed in slices on a timer, visible rows first, so resizing a window with 100,000
messages does not freeze it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QToolButton, QWidget

from ..net.client import Receipt
from ..protocol import Chat
from .chat_delegate import ChatDelegate
from .chat_model import ChatEntry, ChatModel, EntryKind, local_time, shared_nick

REMEASURE_SLICE = 3000  # rows per timer tick when the width changed
ZOOM_RANGE = (-6, 12)  # points added to the font: readable, and never absurd
AT_BOTTOM_SLACK = 4  # pixels: "at the bottom" despite rounding


class ChatView(QListView):
    zoom_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, model: ChatModel | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chat_view")
        self.setAccessibleName(self.tr("Chat messages"))
        self.chat_model = model or ChatModel(self)
        self.delegate = ChatDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(self.chat_model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.chat_model.set_measure(self._measure)
        self.chat_model.set_describe(self.describe)
        self.chat_model.entries_added.connect(self._on_model_entries_added)
        self.chat_model.rowsAboutToBeRemoved.connect(self._on_model_rows_about_to_be_removed)
        self._follow = True
        self._measured_width = 0
        self._remeasure_next = 0
        self._remeasure_timer = QTimer(self, interval=0)
        self._remeasure_timer.timeout.connect(self._remeasure_slice)
        copy = QAction(self.tr("Copy"), self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.addAction(copy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scroll_value_changed)
        bar.rangeChanged.connect(self._on_scroll_range_changed)
        self.new_messages_button = QToolButton(self)
        self.new_messages_button.setText(self.tr("New messages ↓"))
        self.new_messages_button.setToolTip(self.tr("Jump to the newest message"))
        self.new_messages_button.setAccessibleName(self.tr("Jump to new messages"))
        self.new_messages_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_messages_button.clicked.connect(self.jump_to_newest)
        self.new_messages_button.hide()
        self._base_point_size = self.font().pointSizeF()
        self._zoom = 0
        self._zoom_actions: list[QAction] = []
        for text, keys, step in (
            (self.tr("Zoom &in"), [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")], 1),
            (self.tr("Zoom &out"), [QKeySequence.StandardKey.ZoomOut], -1),
            (self.tr("&Normal size"), [QKeySequence("Ctrl+0")], 0),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _c=False, s=step: self._zoom_step(s))
            self._zoom_actions.append(action)

    # --- adding -----------------------------------------------------------------

    def add_entry(self, entry: ChatEntry) -> None:
        self.chat_model.add(entry)

    def add_chat(self, chat: Chat, own: bool = False) -> None:
        self.chat_model.add(
            ChatEntry(
                EntryKind.CHAT,
                chat.text,
                local_time(chat.ts),
                shared_nick(chat.sender),
                chat.to,
                own,
                chat.me,
            )
        )

    def add_own(
        self,
        key: str,
        text: str,
        sender: str,
        to: str | None = None,
        me: bool = False,
        receipt: Receipt = Receipt.SENDING,
    ) -> None:
        """One of your messages, shown at once; its receipt changes later with
        set_receipt(key, ...)."""
        entry = ChatEntry(EntryKind.CHAT, text, local_time(), sender, to, True, me, receipt)
        self.chat_model.add(entry, key)

    def set_receipt(self, key: str, receipt: Receipt, failure: str = "") -> bool:
        return self.chat_model.update(key, receipt=receipt, failure=failure)

    def describe(self, entry: ChatEntry) -> str:
        """The row as words: the line, and for your own message where it is."""
        line = entry.line()
        if entry.receipt is Receipt.SENDING:
            status = self.tr("sending")
        elif entry.receipt is Receipt.DELIVERED:
            status = self.tr("delivered")
        elif entry.receipt is Receipt.FAILED:
            status = self.delegate.failure_text(entry)
        else:
            return line
        return f"{line} ({status})"

    def add_notice(self, text: str, key: str | None = None) -> None:
        """A line of news; with a key it can be changed later (chat_model.update)."""
        self.chat_model.add(ChatEntry(EntryKind.NOTICE, text, local_time()), key)

    def add_separator(self, text: str) -> None:
        self.add_entry(ChatEntry(EntryKind.SEPARATOR, text, local_time()))

    def clear_chat(self) -> None:
        self.chat_model.clear_entries()
        self.jump_to_newest()

    def add_error(self, text: str) -> None:
        self.add_entry(ChatEntry(EntryKind.ERROR, text, local_time()))

    def flush(self) -> None:
        """Show what is waiting now instead of at the next batch (tests, shutdown)."""
        self.chat_model.flush()

    def texts(self) -> list[str]:
        return [entry.text for entry in self.chat_model.entries()]

    def copy_selection(self) -> None:
        rows = sorted(index.row() for index in self.selectedIndexes())
        lines = [e.line() for e in (self.chat_model.entry(r) for r in rows) if e is not None]
        if lines:
            QApplication.clipboard().setText("\n".join(lines))

    # --- zoom -------------------------------------------------------------------------

    def zoom_actions(self) -> list[QAction]:
        """Zoom in, out and back, for the window's View menu (their shortcuts work
        anywhere in the window)."""
        return list(self._zoom_actions)

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, zoom: int) -> None:
        zoom = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], int(zoom)))
        if zoom == self._zoom:
            return
        self._zoom = zoom
        font = self.font()
        font.setPointSizeF(max(4.0, self._base_point_size + zoom))
        self.delegate.set_font(font)
        self._remeasure_all()
        self.zoom_changed.emit(zoom)

    def _zoom_step(self, step: int) -> None:
        self.set_zoom(self._zoom + step if step else 0)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self._zoom_step(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def _remeasure_all(self) -> None:
        self._remeasure_next = 0
        if self.chat_model.rowCount():
            self._remeasure_visible()
            self._remeasure_timer.start()

    # --- following the newest ------------------------------------------------------

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - AT_BOTTOM_SLACK

    @property
    def following(self) -> bool:
        """True while the newest message is kept in view."""
        return self._follow

    def jump_to_newest(self) -> None:
        self._follow = True
        self.new_messages_button.hide()
        self.scrollToBottom()

    def _on_scroll_value_changed(self, _value: int) -> None:
        # The reader scrolled (or the bar was clamped): follow from the bottom only.
        self._follow = self._at_bottom()
        if self._follow:
            self.new_messages_button.hide()

    def _on_scroll_range_changed(self, _low: int, high: int) -> None:
        # The view got shorter (a notice bar above it) or the rows taller: the
        # bottom moved away from a reader who was there; bring it back.
        if self._follow and self.verticalScrollBar().value() != high:
            self.verticalScrollBar().setValue(high)

    def _on_model_rows_about_to_be_removed(self, _parent: object, first: int, last: int) -> None:
        # The oldest rows leave (the model is full) while the reader is up in the
        # history: the rows below move up by their height, so the scroll bar
        # moves up as much and the rows on screen keep their place.
        bar = self.verticalScrollBar()
        if first != 0 or bar.value() >= bar.maximum() - 4:
            return
        index, role = self.chat_model.index, Qt.ItemDataRole.SizeHintRole
        height = sum(index(row, 0).data(role).height() for row in range(first, last + 1))
        bar.setValue(max(0, bar.value() - height - self.spacing() * (last - first + 1)))

    def _on_model_entries_added(self, _count: int) -> None:
        if self._follow:
            self.scrollToBottom()
        else:
            self._place_new_messages_button()
            self.new_messages_button.show()
            self.new_messages_button.raise_()

    def _place_new_messages_button(self) -> None:
        button = self.new_messages_button
        button.adjustSize()
        area = self.viewport().geometry()
        button.move(
            area.left() + (area.width() - button.width()) // 2,
            area.bottom() - button.height() - 8,
        )

    # --- heights ----------------------------------------------------------------

    def _row_width(self) -> int:
        return max(200, self.viewport().width())

    def _measure(self, entries: Sequence[ChatEntry]) -> list[QSize]:
        return self.delegate.measure_rows(entries, self._row_width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.new_messages_button.isVisible():
            self._place_new_messages_button()
        width = self._row_width()
        if width != self._measured_width:
            self._measured_width = width
            self._remeasure_next = 0
            if self.chat_model.rowCount():
                self._remeasure_visible()
                self._remeasure_timer.start()

    def _remeasure_visible(self) -> None:
        first = self.indexAt(self.viewport().rect().topLeft()).row()
        if first < 0:
            first = max(0, self.chat_model.rowCount() - 50)
        self.chat_model.remeasure(first, first + 100)
        self.scheduleDelayedItemsLayout()

    def _remeasure_slice(self) -> None:
        start = self._remeasure_next
        count = self.chat_model.rowCount()
        if start >= count:
            self._remeasure_timer.stop()
            return
        self.chat_model.remeasure(start, start + REMEASURE_SLICE - 1)
        self._remeasure_next = start + REMEASURE_SLICE
        if self._remeasure_next >= count:
            self._remeasure_timer.stop()
            follow = self._follow
            self.scheduleDelayedItemsLayout()
            if follow:
                QTimer.singleShot(0, self.scrollToBottom)
