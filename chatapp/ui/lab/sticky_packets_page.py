"""Lab 1: sticky and split packets (粘包/拆包), and how framing fixes them.

The burst runs on real sockets (chatapp/lab/burst.py) on worker threads; each
read comes back here as a queued signal and becomes a row at once, and the
chosen framer (chatapp/lab/framing.py) is fed the same read, so the messages
it recovers appear beside the reads that carried them.
"""

from __future__ import annotations

import html
from collections import deque

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...lab.burst import BurstPlan, BurstResult, BurstRun, Read
from ...lab.framing import Frame, Framer, FramingError, burst_messages, make_framer
from ..hexdump import visible_text
from .burst_controls import BurstControls
from .hex_marks import byte_order_note, legend_html, marked_hex_html
from .lab_page import LabPage, LabStep
from .status_text import status_html
from .sticky_packets_steps import sticky_packets_steps

MAX_ROWS = 2000  # rows beyond this are counted, not listed
PREVIEW_BYTES = 40
# In slow motion the reads, which come within microseconds, appear one by one
# (this many ms apart, times the factor); the sockets themselves are not slowed.
REVEAL_MS = 80


class BurstSignals(QObject):
    """The worker threads' callbacks, delivered on the GUI thread."""

    read_arrived = Signal(object)  # Read
    finished = Signal(object)  # BurstResult


class StickyPacketsPage(LabPage):
    burst_finished = Signal(object)  # BurstResult, once its rows are shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StickyPacketsPage")
        self._slow_motion = 1.0
        self._run: BurstRun | None = None
        self._framer: Framer | None = None
        self._plan = BurstPlan()
        self._frames: list[Frame] = []
        self._reads: list[Read] = []
        self._framing_error: str | None = None
        self._pending: deque[Read] = deque()  # reads not shown yet (slow motion)
        self._finished_result: BurstResult | None = None  # shown once they all are
        self._reveal_timer = QTimer(self)
        self._reveal_timer.timeout.connect(self._reveal_next)
        self._signals = BurstSignals(self)
        self._signals.read_arrived.connect(self._on_burst_read_arrived)
        self._signals.finished.connect(self._on_burst_finished)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.controls = BurstControls(self)
        self.controls.send_requested.connect(self.send_burst)
        self.summary = QLabel(self.tr("Choose a burst and send it."), self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.reads_table = self._table(
            [self.tr("Read"), self.tr("ms"), self.tr("Bytes"), self.tr("Messages ended"),
             self.tr("Start of the bytes")]
        )
        self.reads_table.setAccessibleName(self.tr("Reads, one row per recv()"))
        self.messages_table = self._table([self.tr("Message"), self.tr("Bytes"), self.tr("Text")])
        self.messages_table.setAccessibleName(self.tr("Messages the framing recovered"))
        self.tables = QSplitter(Qt.Orientation.Horizontal, self)
        for title, table in (
            (self.tr("Each read (recv) the receiver made"), self.reads_table),
            (self.tr("The messages the framing recovered"), self.messages_table),
        ):
            box = QWidget(self.tables)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(QLabel(f"<b>{html.escape(title)}</b>", box))
            column.addWidget(table, 1)
        self.hex_view = QTextBrowser(self)
        self.hex_view.setAccessibleName(self.tr("The selected read's bytes in hex"))
        self.byte_order = QLabel(self)
        self.byte_order.setWordWrap(True)
        self.byte_order.setTextFormat(Qt.TextFormat.RichText)
        hex_box = QWidget(self)
        hex_column = QVBoxLayout(hex_box)
        hex_column.setContentsMargins(0, 0, 0, 0)
        hex_column.addWidget(QLabel(legend_html(), hex_box))
        hex_column.addWidget(self.hex_view, 1)
        hex_column.addWidget(self.byte_order)
        self.views = QSplitter(Qt.Orientation.Vertical, self)
        self.views.addWidget(self.tables)
        self.views.addWidget(hex_box)
        self.views.setStretchFactor(0, 3)
        self.views.setStretchFactor(1, 2)
        layout.addWidget(self.controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.views, 1)
        self.reads_table.itemSelectionChanged.connect(self._show_selected_read)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    # --- LabPage ------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Sticky and split packets")

    def steps(self) -> list[LabStep]:
        return sticky_packets_steps(self)

    def set_slow_motion(self, factor: float) -> None:
        self._slow_motion = factor

    def exportable_views(self) -> dict[str, QWidget]:
        return {"sticky-packets-reads": self.tables, "sticky-packets-hex": self.hex_view}

    def stop(self) -> None:
        run, self._run = self._run, None
        if run is not None:
            run.stop()
        self._reveal_timer.stop()
        self._pending.clear()
        self._finished_result = None
        self.controls.send_button.setEnabled(True)

    @property
    def running(self) -> bool:
        return self._run is not None

    # --- the burst --------------------------------------------------------------------

    def set_plan(self, plan: BurstPlan) -> None:
        self.controls.set_plan(plan)

    def send_burst(self) -> bool:
        """Start a burst with the controls' plan (slow motion applied); False if it
        could not start, with the sentence shown."""
        self.stop()
        plan = self.controls.plan()
        self._plan = plan
        self._reset_views()
        try:
            self._framer = make_framer(plan.framing, plan.size)
            run = BurstRun(
                plan.slowed(self._slow_motion),
                role=self.controls.role,
                listen=self.controls.listen_address(),
                target=self.controls.target(),
                on_read=self._signals.read_arrived.emit,
                on_finished=self._signals.finished.emit,
            )
        except ValueError as error:
            self._say(str(error), good=False)
            return False
        problem = run.start()
        if problem:
            self._say(problem, good=False)
            return False
        self._run = run
        self.controls.send_button.setEnabled(False)
        if self.controls.role == "receive":
            self._say(
                self.tr("Listening on port %1: start the sender on the other machine.")
                .replace("%1", str(run.port)),
                good=True,
            )
        else:
            self._say(self.tr("Sending…"), good=True)
        return True

    def _reset_views(self) -> None:
        self._frames, self._reads, self._framing_error = [], [], None
        self.reads_table.setRowCount(0)
        self.messages_table.setRowCount(0)
        self.hex_view.clear()
        self.byte_order.clear()

    def _on_burst_read_arrived(self, read: Read) -> None:
        if self._run is None:
            return  # a read from a burst already stopped
        if self._slow_motion > 1:
            self._pending.append(read)
            if not self._reveal_timer.isActive():
                self._reveal_timer.start(int(REVEAL_MS * self._slow_motion))
            return
        self._show_read(read)

    def _reveal_next(self) -> None:
        if self._pending:
            self._show_read(self._pending.popleft())
        if not self._pending:
            self._reveal_timer.stop()
            result, self._finished_result = self._finished_result, None
            if result is not None:
                self._show_result(result)

    def _show_read(self, read: Read) -> None:
        self._reads.append(read)
        new_frames: list[Frame] = []
        if self._framer is not None and self._framing_error is None:
            try:
                new_frames = self._framer.receive_data(read.data)
            except FramingError as error:
                new_frames, self._framing_error = error.frames, str(error)
        self._frames += new_frames
        if read.index < MAX_ROWS:
            self._add_row(
                self.reads_table,
                [str(read.index + 1), f"{read.at * 1000:.1f}", str(len(read.data)),
                 str(len(new_frames)), visible_text(read.data[:PREVIEW_BYTES])],
            )
        first = len(self._frames) - len(new_frames)
        for number, frame in enumerate(new_frames, first):
            if number < MAX_ROWS:
                self._add_row(
                    self.messages_table,
                    [str(number + 1), str(len(frame.payload)),
                     visible_text(frame.payload[:PREVIEW_BYTES])],
                )
        if self.reads_table.rowCount() == 1:
            self.reads_table.selectRow(0)

    def _add_row(self, table: QTableWidget, cells: list[str]) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column < len(cells) - 1:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)

    def _on_burst_finished(self, result: BurstResult) -> None:
        if self._run is None or result is not self._run.result:
            return
        self._run = None  # its sockets are closed
        if self._pending:
            self._finished_result = result  # told once the class has seen every read
        else:
            self._show_result(result)

    def _show_result(self, result: BurstResult) -> None:
        self.controls.send_button.setEnabled(True)
        if result.error:
            self._say(result.error, good=False)
        else:
            self._summarise(result)
        self._show_selected_read()  # its marks: the messages it belongs to are complete now
        self.burst_finished.emit(result)

    def _summarise(self, result: BurstResult) -> None:
        plan = self._plan
        recovered = [frame.payload for frame in self._frames]
        exact = recovered == burst_messages(plan.count, plan.size)
        framing = self.controls.framing_combo.currentText()
        sentence = (
            self.tr("Messages sent: %1 (%2 bytes on the wire). Reads: %3. "
                    "Messages the framing “%4” recovered: %5.")
            .replace("%1", str(result.sent or plan.count))
            .replace("%2", str(result.sent_bytes or result.received_bytes))
            .replace("%3", str(len(self._reads)))
            .replace("%4", framing)
            .replace("%5", str(len(recovered)))
        )
        if self._framing_error:
            sentence += " " + self._framing_error
        elif exact:
            sentence += " " + self.tr("✔ Exactly the messages sent.")
        else:
            sentence += " " + self.tr("✘ Not the messages that were sent.")
        self._say(sentence, good=exact and not self._framing_error)

    def _say(self, sentence: str, good: bool) -> None:
        self.summary.setText(status_html(self, sentence, good))

    def _show_selected_read(self) -> None:
        rows = self.reads_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._reads):
            return
        read = self._reads[rows[0].row()]
        self.hex_view.setHtml(marked_hex_html(read.data, read.offset, self._frames))
        self.byte_order.setText(byte_order_note(read.offset, len(read.data), self._frames))

    # --- for the tests and the steps ---------------------------------------------------

    @property
    def frames(self) -> list[Frame]:
        return list(self._frames)

    @property
    def reads(self) -> list[Read]:
        return list(self._reads)

    def open_sockets(self) -> bool:
        return self._run is not None and not self._run.finished

