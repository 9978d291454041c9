"""The chat: a QListView over ChatModel, drawn by ChatDelegate.

It follows the newest message while the reader is at the bottom and stays put
when they have scrolled up to read, also when the oldest rows leave at the top
because the model is full. When the width changes, row heights are recomputed
in slices on a timer, visible rows first, so resizing a window with 100,000
messages does not freeze it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QWidget

from ..net.client import Receipt
from ..protocol import Chat
from .chat_delegate import ChatDelegate
from .chat_model import ChatEntry, ChatModel, EntryKind, local_time, shared_nick

REMEASURE_SLICE = 3000  # rows per timer tick when the width changed


class ChatView(QListView):
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
        self.chat_model.rowsAboutToBeInserted.connect(self._on_model_rows_about_to_be_inserted)
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

    def add_notice(self, text: str) -> None:
        self.add_entry(ChatEntry(EntryKind.NOTICE, text, local_time()))

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

    # --- following the newest ------------------------------------------------------

    def _on_model_rows_about_to_be_inserted(self, *_args: object) -> None:
        bar = self.verticalScrollBar()
        self._follow = bar.value() >= bar.maximum() - 4

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

    # --- heights ----------------------------------------------------------------

    def _row_width(self) -> int:
        return max(200, self.viewport().width())

    def _measure(self, entries: Sequence[ChatEntry]) -> list[QSize]:
        return self.delegate.measure_rows(entries, self._row_width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
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
