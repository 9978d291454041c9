"""The connection-state dock: Qt's state, Winsock's value, the kernel's TCP state,
what watches the peer (TCP keepalive, the heartbeat), and a timeline."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDockWidget,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..net.keepalive import KeepaliveSettings
from ..protocol.heartbeat import Liveness
from . import tcp_states, winsock
from .connection_tracker import KERNEL, PEER_KERNEL, QT, ConnectionTracker, HeartbeatInfo
from .keepalive_led import KeepaliveLed, LedState
from .state_diagram_page import StateDiagramPage
from .tcp_info_section import TcpInfoSection

COUNTER_REFRESH_MS = 500  # the counters and TCP_INFO, live
PAGE_MIN_HEIGHT = 48
TWO_COLUMNS_MIN_WIDTH = 720  # the state and TCP_INFO side by side from this wide


def kernel_state_help(status: str | None) -> str:
    """One sentence per TCP state, for the tooltip: what it means for this side."""
    return tcp_states.explain(status)


def keepalive_text(settings: KeepaliveSettings | None) -> str:
    """TCP keepalive in words: "on: idle 60 s, every 10 s, 5 probes" or "off"."""
    if settings is None:
        return QCoreApplication.translate("StatePanel", "off")
    return (
        QCoreApplication.translate("StatePanel", "on: idle %1 s, every %2 s, %3 probes")
        .replace("%1", str(settings.idle))
        .replace("%2", str(settings.interval))
        .replace("%3", str(settings.count))
    )


def heartbeat_text(info: HeartbeatInfo | None) -> str:
    if info is None:
        return "–"
    if info.interval is None:  # a plain-text peer: pings would show up on its screen
        return QCoreApplication.translate("StatePanel", "no pings; idle timeout %1 s").replace(
            "%1", f"{info.timeout:g}"
        )
    return (
        QCoreApplication.translate("StatePanel", "ping every %1 s, timeout %2 s")
        .replace("%1", f"{info.interval:g}")
        .replace("%2", f"{info.timeout:g}")
    )


def liveness_text(liveness: Liveness | None) -> str:
    return {
        Liveness.ALIVE: QCoreApplication.translate("StatePanel", "alive"),
        Liveness.LATE: QCoreApplication.translate("StatePanel", "late: nothing heard for a while"),
        Liveness.DEAD: QCoreApplication.translate("StatePanel", "dead: no answer in time"),
    }.get(liveness, "–")  # type: ignore[arg-type]


def _clock(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%H:%M:%S.%f")[:-3]


class StatePanel(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("state_panel_dock")
        self.setWindowTitle(self.tr("Connection state"))
        self._tracker: ConnectionTracker | None = None
        self._shown_rows = 0

        body = QWidget(self)
        # Side by side in a wide, short panel (tabbed under the chat of a narrow
        # window), one above the other in a tall one (beside the chat).
        layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, body)
        layout.setContentsMargins(6, 6, 6, 6)
        self._state_columns = layout
        self.heading = self._value_label(self.tr("Connection"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.qt_state_label = self._value_label(self.tr("Qt socket state"))
        self.winsock_label = self._value_label(self.tr("Winsock State"))
        self.kernel_label = self._value_label(self.tr("Kernel TCP state"))
        self.local_label = self._value_label(self.tr("Local endpoint"))
        self.peer_label = self._value_label(self.tr("Peer endpoint"))
        self.since_label = self._value_label(self.tr("Connected since"))
        self.bytes_label = self._value_label(self.tr("Bytes in / out"))
        self.messages_label = self._value_label(self.tr("Messages in / out"))
        self.queue_label = self._value_label(self.tr("Waiting to send"))
        self.keepalive_label = self._value_label(self.tr("TCP keepalive"))
        self.keepalive_label.setToolTip(
            self.tr(
                "The kernel's own probe of a silent peer, as set on this socket: after the idle "
                "time it sends a probe, repeats it at the interval, and drops the connection "
                "when that many go unanswered."
            )
        )
        self.heartbeat_label = self._value_label(self.tr("Heartbeat"))
        self.heartbeat_label.setToolTip(
            self.tr(
                "chatapp's own ping and pong: the other side is late after two intervals "
                "without a sign of life, and dead at the timeout."
            )
        )
        self.liveness_label = self._value_label(self.tr("Liveness"))
        self.liveness_led = KeepaliveLed(body)
        liveness_row = QHBoxLayout()
        liveness_row.setContentsMargins(0, 0, 0, 0)
        liveness_row.addWidget(self.liveness_led)
        liveness_row.addWidget(self.liveness_label, 1)
        self.rtt_label = self._value_label(self.tr("Round trip"))
        for text, label in (
            (self.tr("Qt state:"), self.qt_state_label),
            (self.tr("Winsock State:"), self.winsock_label),
            (self.tr("Kernel TCP:"), self.kernel_label),
            (self.tr("Local:"), self.local_label),
            (self.tr("Peer:"), self.peer_label),
            (self.tr("Since:"), self.since_label),
            (self.tr("Bytes in/out:"), self.bytes_label),
            (self.tr("Messages in/out:"), self.messages_label),
            (self.tr("Send queue:"), self.queue_label),
            (self.tr("TCP keepalive:"), self.keepalive_label),
            (self.tr("Heartbeat:"), self.heartbeat_label),
            (self.tr("Liveness:"), liveness_row),
            (self.tr("Round trip:"), self.rtt_label),
        ):
            form.addRow(text, label)
        layout.addLayout(form, 1)
        self.tcp_info_section = TcpInfoSection(body)
        layout.addWidget(self.tcp_info_section, 1, Qt.AlignmentFlag.AlignTop)

        self.timeline = QTableWidget(0, 4, self)
        self.timeline.setObjectName("state_timeline")
        self.timeline.setAccessibleName(self.tr("State timeline"))
        self.timeline.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("+ms"), self.tr("State"), self.tr("Winsock")]
        )
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setWordWrap(False)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Scrolls rather than asking for its full height: a window on half of a
        # laptop screen keeps its chat when the panel is shown.
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(body)
        # Tabs, not one long column: on a 1366x768 projector each gets the height.
        self.diagram_page = StateDiagramPage(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scroller, self.tr("State"))
        self.tabs.addTab(self.diagram_page, self.tr("Diagram"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        for page in (scroller, self.diagram_page, self.timeline):
            page.setMinimumHeight(PAGE_MIN_HEIGHT)  # each scrolls: the panel may be short
        outer = QWidget(self)
        outer_layout = QVBoxLayout(outer)
        outer_layout.setContentsMargins(6, 6, 6, 6)
        outer_layout.addWidget(self.heading)
        outer_layout.addWidget(self.tabs, 1)
        self.setWidget(outer)

        self._timer = QTimer(self, interval=COUNTER_REFRESH_MS)
        self._timer.timeout.connect(self._refresh_counters)
        self._timer.start()
        self.set_tracker(None)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        wide = event.size().width() >= TWO_COLUMNS_MIN_WIDTH
        self._state_columns.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )

    def _value_label(self, accessible_name: str) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # peer-supplied text is never HTML
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(accessible_name)
        # A long value (the keepalive settings, in Chinese) wraps instead of
        # widening the window past half a laptop screen.
        label.setWordWrap(True)
        return label

    # --- which connection -------------------------------------------------------

    @property
    def tracker(self) -> ConnectionTracker | None:
        return self._tracker

    def set_tracker(self, tracker: ConnectionTracker | None) -> None:
        if self._tracker is not None:
            try:
                self._tracker.changed.disconnect(self._on_tracker_changed)
            except (RuntimeError, TypeError):
                pass
        self._tracker = tracker
        self.timeline.setRowCount(0)
        self._shown_rows = 0
        self.diagram_page.clear()
        if tracker is not None:
            tracker.changed.connect(self._on_tracker_changed)
        self._on_tracker_changed()

    # --- showing it -------------------------------------------------------------

    def _on_tracker_changed(self) -> None:
        tracker = self._tracker
        if tracker is None:
            self.heading.setText(self.tr("No connection selected"))
            for label in (
                self.qt_state_label,
                self.winsock_label,
                self.kernel_label,
                self.local_label,
                self.peer_label,
                self.since_label,
                self.bytes_label,
                self.messages_label,
                self.queue_label,
                self.keepalive_label,
                self.heartbeat_label,
                self.liveness_label,
                self.rtt_label,
            ):
                label.setText("–")
            self.kernel_label.setToolTip("")
            self.liveness_led.set_state(LedState.OFF)
            self.tcp_info_section.show_info(None, self.tr("No connection selected."))
            return
        self.heading.setText(tracker.label or tracker.peer_endpoint or self.tr("Connection"))
        state = tracker.qt_state
        self.qt_state_label.setText(winsock.qt_state_name(state))
        self.winsock_label.setText(winsock.winsock_state_text(tracker.winsock_value))
        kernel = tracker.kernel_state
        self.kernel_label.setText(kernel or "…")
        self.kernel_label.setToolTip(kernel_state_help(kernel))
        self.diagram_page.follow(kernel, tracker.peer_kernel_state)
        self.local_label.setText(tracker.local_endpoint or "–")
        self.peer_label.setText(tracker.peer_endpoint or "–")
        self._append_timeline(tracker)
        self._show_counters(tracker)
        self._show_watchers(tracker)
        self._show_tcp_info(tracker)

    def _append_timeline(self, tracker: ConnectionTracker) -> None:
        entries = tracker.timeline
        if len(entries) < self._shown_rows:  # the tracker started a new connection
            self.timeline.setRowCount(0)
            self._shown_rows = 0
        start = entries[0].t if entries else 0.0
        for entry in entries[self._shown_rows :]:
            row = self.timeline.rowCount()
            self.timeline.insertRow(row)
            layer = {
                QT: "Qt", KERNEL: self.tr("kernel"), PEER_KERNEL: self.tr("peer kernel")
            }.get(entry.layer, "")
            state_text = f"{layer} {entry.state}".strip()
            ws = winsock.winsock_state_text(entry.winsock) if entry.winsock is not None else ""
            for column, text in enumerate(
                (_clock(entry.t), f"+{(entry.t - start) * 1000:.1f}", state_text, ws)
            ):
                item = QTableWidgetItem(text)
                if entry.layer in (KERNEL, PEER_KERNEL):
                    item.setToolTip(kernel_state_help(entry.state))
                self.timeline.setItem(row, column, item)
        self._shown_rows = len(entries)
        if entries:
            self.timeline.scrollToBottom()

    def _refresh_counters(self) -> None:
        if self._tracker is not None and self.isVisible():
            self._show_counters(self._tracker)
            self._show_watchers(self._tracker)
            self._show_tcp_info(self._tracker)

    def _show_tcp_info(self, tracker: ConnectionTracker) -> None:
        if tracker.closed_at is not None or not tracker.local_port:
            why = self.tr("Only while the connection is open.")
            self.tcp_info_section.show_info(None, why)
        else:
            self.tcp_info_section.show_info(tracker.tcp_info())

    def _show_watchers(self, tracker: ConnectionTracker) -> None:
        """TCP keepalive and the heartbeat: what notices a peer that went silent."""
        if tracker.keepalive_known:
            self.keepalive_label.setText(keepalive_text(tracker.keepalive()))
        else:
            self.keepalive_label.setText("–")
        open_now = tracker.closed_at is None
        self.heartbeat_label.setText(heartbeat_text(tracker.heartbeat()))
        liveness = tracker.liveness if tracker.heartbeat() is not None else None
        if not open_now and liveness is not Liveness.DEAD:
            liveness = None  # closed normally: nothing to say about it now
        self.liveness_label.setText(liveness_text(liveness))
        self.liveness_led.set_state(LedState(liveness.value) if liveness else LedState.OFF)
        rtt = tracker.rtt_ms
        self.liveness_led.set_rtt(rtt)
        self.rtt_label.setText(f"{rtt:.1f} ms" if rtt is not None else "–")

    def _show_counters(self, tracker: ConnectionTracker) -> None:
        c = tracker.counters()
        self.bytes_label.setText(f"{c.bytes_in:,} / {c.bytes_out:,}")
        self.messages_label.setText(f"{c.messages_in:,} / {c.messages_out:,}")
        self.queue_label.setText(self.tr("%1 bytes").replace("%1", f"{c.bytes_to_write:,}"))
        since = tracker.connected_at
        self.since_label.setText(_clock(since) if since else "–")
