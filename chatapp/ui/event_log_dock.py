"""The event log dock: the table of signals, its controls, and the raw-bytes pane."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QItemSelection, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .event_log_filter import EventFilter
from .event_log_filter_bar import EventFilterBar
from .event_log_model import EventLogModel, write_json_lines
from .hexdump import hexdump, visible_text
from .icons import icon


class _SaveReporter(QObject):
    """Carries the worker thread's result back to the GUI thread (queued signal)."""

    finished = Signal(str, int, str)  # path, count, error sentence ("" on success)


class EventLogDock(QDockWidget):
    def __init__(
        self,
        model: EventLogModel | None = None,
        parent: QWidget | None = None,
        settings: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("event_log_dock")  # saveState() needs a stable name
        self.setWindowTitle(self.tr("Event log"))
        self.model = model or EventLogModel(self)
        self.proxy = EventFilter(self)
        self.proxy.setSourceModel(self.model)
        self._settings = settings
        self._follow = True  # keep the newest row in view until the user scrolls up
        self._reporter = _SaveReporter(self)
        self._reporter.finished.connect(self._on_save_finished)
        self._save_note = ""

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._build_controls())
        splitter = QSplitter(Qt.Orientation.Vertical, body)
        splitter.addWidget(self._build_table())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter)
        self.setWidget(body)

        self._paused_timer = QTimer(self, interval=500)
        self._paused_timer.timeout.connect(self._update_status)
        self.model.entries_added.connect(self._on_model_entries_added)
        self.model.modelReset.connect(self._update_status)
        self._update_status()

    # --- construction ----------------------------------------------------------

    def _tool_button(self, text: str, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        if icon_name:
            button.setIcon(icon(icon_name))
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def _build_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.pause_button = self._tool_button(
            self.tr("&Pause"), "pause", self.tr("Stop the rows moving; new events wait")
        )
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._on_pause_toggled)

        self.filter_bar = EventFilterBar(self.model, self.proxy, self._settings, self)
        self.kind_actions = self.filter_bar.kind_actions
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset):
            signal.connect(self._update_status)

        self.clear_button = self._tool_button(
            self.tr("C&lear"), "clear", self.tr("Remove every row")
        )
        self.clear_button.clicked.connect(self.model.clear)
        self.save_button = self._tool_button(
            self.tr("&Save…"), "save", self.tr("Save the log as JSON lines")
        )
        self.save_button.clicked.connect(self._on_save_clicked)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        # The counts grow while paused: the label wraps (and a very long word is
        # cut, the tooltip has it whole); it never widens the window.
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for widget in (self.pause_button, self.filter_bar, self.clear_button, self.save_button):
            row.addWidget(widget)
        row.addWidget(self.status_label, 1)
        return row

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("event_log_table")
        table.setAccessibleName(self.tr("Event log"))
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: the view never measures 10,000 rows one by one.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = table.fontMetrics()
        for column, sample in enumerate(("00:00:00.000", "peer 255.255.255.255:65535", "x" * 34)):
            table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)
        table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        table.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)
        copy = QAction(self.tr("Copy row"), table)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self._copy_selected_row)
        table.addAction(copy)
        self.table = table
        return table

    def _build_detail(self) -> QWidget:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.text_view = QPlainTextEdit(box)
        self.hex_view = QPlainTextEdit(box)
        for view, name, hint in (
            (
                self.text_view,
                self.tr("Raw chunk as text"),
                self.tr("Select a row to see its bytes as text"),
            ),
            (self.hex_view, self.tr("Raw chunk in hex"), self.tr("…and in hexadecimal")),
        ):
            view.setReadOnly(True)
            view.setFont(mono)
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            view.setAccessibleName(name)
            view.setPlaceholderText(hint)
            layout.addWidget(view, 1)
        # Text wraps (a chunk is often one long JSON line); the hex dump keeps its columns.
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text_view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        return box

    # --- slots -----------------------------------------------------------------

    def _on_pause_toggled(self, paused: bool) -> None:
        self.model.set_paused(paused)
        # While paused nothing flushes, so count the waiting events on a slow timer.
        if paused:
            self._paused_timer.start()
        else:
            self._paused_timer.stop()
        self._update_status()

    def _on_scroll_value_changed(self, value: int) -> None:
        self._follow = value >= self.table.verticalScrollBar().maximum()

    def _on_model_entries_added(self, _count: int) -> None:
        if self._follow:
            self.table.scrollToBottom()
        self._update_status()

    def _on_table_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry = self.model.entry(self.proxy.mapToSource(rows[0]).row()) if rows else None
        if entry is None:
            self.text_view.clear()
            self.hex_view.clear()
            return
        if entry.data is not None:
            note = ""
            if entry.size:
                note = "\n" + self.tr("(the first %1 of %2 bytes)").replace(
                    "%1", str(len(entry.data))
                ).replace("%2", str(entry.size))
            self.text_view.setPlainText(visible_text(entry.data) + note)
            self.hex_view.setPlainText(hexdump(entry.data, self._hex_bytes_per_row()) + note)
        else:
            self.text_view.setPlainText(entry.detail or entry.signal)
            self.hex_view.setPlainText(self.tr("(no bytes: this event carries no data)"))

    def _hex_bytes_per_row(self) -> int:
        """16 like every hex editor when the pane is wide enough, else 8 (no sideways scrolling)."""
        full_row = self.hex_view.fontMetrics().horizontalAdvance("0" * 78)
        return 16 if self.hex_view.viewport().width() >= full_row else 8

    def _copy_selected_row(self) -> None:
        from PySide6.QtWidgets import QApplication

        rows = self.table.selectionModel().selectedRows()
        if rows:
            entry = self.model.entry(self.proxy.mapToSource(rows[0]).row())
            if entry is not None:
                QApplication.clipboard().setText(entry.to_json())

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save event log"), "events.jsonl", self.tr("JSON lines (*.jsonl)")
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> threading.Thread:
        """Write the rows on a worker thread; the GUI thread never waits on the disk."""
        entries = self.model.entries()
        reporter = self._reporter

        def work() -> None:
            try:
                count = write_json_lines(entries, path)
            except OSError as exc:
                reporter.finished.emit(path, 0, exc.strerror or str(exc))
            else:
                reporter.finished.emit(path, count, "")

        thread = threading.Thread(target=work, name="event-log-save", daemon=True)
        thread.start()
        return thread

    def _on_save_finished(self, path: str, count: int, error: str) -> None:
        if error:
            self._save_note = (
                self.tr("Could not save %1: %2").replace("%1", path).replace("%2", error)
            )
        else:
            self._save_note = self.tr("Saved %n event(s)", "", count)
        self._update_status()

    def _update_status(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if shown == total:
            parts = [self.tr("%n event(s)", "", total)]
        else:
            parts = [self.tr("showing %1 of %n event(s)", "", total).replace("%1", f"{shown:,}")]
        if self.model.dropped:
            parts.append(self.tr("%n dropped", "", self.model.dropped))
        if self.model.paused:
            parts.append(self.tr("paused, %n waiting", "", self.model.pending_count))
        if self._save_note:
            parts.append(self._save_note)
        self.status_label.setText(" · ".join(parts))
        self.status_label.setToolTip(self.status_label.text())
