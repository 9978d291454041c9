"""Lab 5: the accept backlog. A listener that stops calling accept(), and clients
whose handshakes the kernel completes anyway, until its accept queue is full.

The scenario (chatapp/lab/backlog.py) holds real non-blocking sockets; a timer
polls them and the kernel's socket list (kernel_sockets.py, a few ms on Linux),
so each client's row shows what connect() says and what the kernel says of
both ends.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...lab import kernel_table
from ...lab.backlog import MAX_BACKLOG, BacklogLab, Client, KernelView, Stage
from ...lab.kernel_sockets import kernel_sockets
from ...net.tcp_state import KernelSocket
from .backlog_steps import backlog_steps
from .lab_page import LabPage, LabStep
from .status_text import status_html

POLL_MS = 200
CONNECT_SPACING_MS = 300  # between the clients of "Connect 5": a class sees the queue fill
STAGE_COLOURS = {
    Stage.CONNECTING: "#f5a623",
    Stage.QUEUED: "#4a90e2",
    Stage.ACCEPTED: "#2e7d32",
    Stage.FAILED: "#c62828",
    Stage.GAVE_UP: "#888888",
}
KERNEL_POLL_S = kernel_table.poll_interval_s(0.2)
# Linux queues one connection more than the backlog (the check is "more than backlog").
EXTRA_IN_QUEUE = 1 if sys.platform.startswith("linux") else 0


def stage_text(client: Client) -> str:
    translate = QCoreApplication.translate
    texts = {
        Stage.CONNECTING: translate("BacklogPage", "connecting: SYN sent, no answer yet"),
        Stage.QUEUED: translate("BacklogPage", "connected, in the accept queue"),
        Stage.ACCEPTED: translate("BacklogPage", "accepted by the program"),
        Stage.FAILED: translate("BacklogPage", "failed: %1").replace("%1", client.problem),
        Stage.GAVE_UP: translate("BacklogPage", "gave up: never answered"),
    }
    return texts[client.stage]


class BacklogPage(LabPage):
    clients_changed = Signal()  # after every poll that changed a row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BacklogPage")
        self.lab: BacklogLab | None = None
        self._slow_motion = 1.0
        self._to_connect = 0
        self._last_rows: list[tuple[str, ...]] = []
        self._kernel_cache: list[KernelSocket] = []
        self._kernel_read_at = -KERNEL_POLL_S
        self._problem: str | None = None  # the last action's failure, shown until the next
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self.refresh)
        self._connect_timer = QTimer(self)
        self._connect_timer.timeout.connect(self._connect_next)

        self.backlog_spin = QSpinBox(self)
        self.backlog_spin.setRange(0, MAX_BACKLOG)
        self.backlog_spin.setValue(2)
        self.backlog_spin.setPrefix(self.tr("backlog "))
        self.listen_button = QPushButton(self.tr("Listen (and never accept)"), self)
        self.connect_one_button = QPushButton(self.tr("Connect a client"), self)
        self.connect_five_button = QPushButton(self.tr("Connect 5 clients"), self)
        self.accept_button = QPushButton(self.tr("accept() one"), self)
        self.close_button = QPushButton(self.tr("Close all"), self)
        buttons = QGridLayout()
        rows = (
            (self.tr("Listener:"), (self.backlog_spin, self.listen_button, self.close_button)),
            (self.tr("Clients:"), (self.connect_one_button, self.connect_five_button)),
            (self.tr("Program:"), (self.accept_button,)),
        )
        for row, (label, widgets) in enumerate(rows):
            buttons.addWidget(QLabel(label, self), row, 0)
            for column, widget in enumerate(widgets, 1):
                buttons.addWidget(widget, row, column)
        buttons.setColumnStretch(4, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)

        self.diagram = QWidget(self)
        diagram_column = QVBoxLayout(self.diagram)
        diagram_column.setContentsMargins(0, 0, 0, 0)
        self.queue_label = QLabel(self.diagram)
        self.queue_label.setTextFormat(Qt.TextFormat.RichText)
        self.queue_label.setWordWrap(True)
        self.table = QTableWidget(0, 6, self.diagram)
        self.table.setHorizontalHeaderLabels([
            self.tr("Client"), self.tr("Port"), self.tr("What connect() says"),
            self.tr("Handshake took"), self.tr("Kernel: client"), self.tr("Kernel: server"),
        ])
        self.table.setAccessibleName(self.tr("The clients and their TCP states"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        diagram_column.addWidget(self.queue_label)
        diagram_column.addWidget(self.table, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.diagram, 1)

        self.listen_button.clicked.connect(lambda: self.listen())
        self.connect_one_button.clicked.connect(lambda: self.connect_clients(1))
        self.connect_five_button.clicked.connect(lambda: self.connect_clients(5))
        self.accept_button.clicked.connect(self.accept_one)
        self.close_button.clicked.connect(self.stop)
        self._update_controls()
        self.refresh()

    # --- LabPage ------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("The accept backlog")

    def steps(self) -> list[LabStep]:
        return backlog_steps(self)

    def set_slow_motion(self, factor: float) -> None:
        self._slow_motion = factor
        self._connect_timer.setInterval(int(CONNECT_SPACING_MS * factor))

    def exportable_views(self) -> dict[str, QWidget]:
        return {"accept-backlog": self.diagram}

    def stop(self) -> None:
        self._connect_timer.stop()
        self._to_connect = 0
        self._poll_timer.stop()
        if self.lab is not None:
            self.lab.stop()
        self.lab = None
        self._update_controls()
        self.refresh()

    # --- actions ------------------------------------------------------------------------

    def listen(self, backlog: int | None = None) -> bool:
        """A fresh listener with the backlog (the spin box's unless given)."""
        self.stop()
        self._problem = None
        if backlog is not None:
            self.backlog_spin.setValue(backlog)
        lab = BacklogLab(self.backlog_spin.value())
        self._problem = lab.start()
        if self._problem:
            self.refresh()
            return False
        self.lab = lab
        self._poll_timer.start()
        self._update_controls()
        self.refresh()
        return True

    def connect_clients(self, count: int) -> None:
        """`count` more clients call connect(), one every CONNECT_SPACING_MS (slowed)."""
        if self.lab is None and not self.listen():
            return
        self._problem = None
        self._to_connect += count
        self._connect_next()
        if self._to_connect:
            self._connect_timer.start(int(CONNECT_SPACING_MS * self._slow_motion))

    def _connect_next(self) -> None:
        if self.lab is None or self._to_connect <= 0:
            self._connect_timer.stop()
            return
        self._to_connect -= 1
        added = self.lab.add_client()
        if isinstance(added, str):
            self._to_connect = 0
            self._problem = added
        if self._to_connect <= 0:
            self._connect_timer.stop()
        self.refresh()

    def accept_one(self) -> Client | None:
        if self.lab is None:
            return None
        client = self.lab.accept_one()
        self._problem = None if client is not None else self.tr(
            "accept() found the queue empty (a real server would wait there until a "
            "client arrives)."
        )
        self.refresh()
        return client

    # --- the view -----------------------------------------------------------------------

    def refresh(self) -> None:
        lab = self.lab
        clients = lab.poll() if lab is not None else []
        views = lab.kernel_view(self._kernel_sockets()) if lab is not None and clients else {}
        rows = [self._row(client, views.get(client.number)) for client in clients]
        if rows != self._last_rows or not rows:
            self._fill(clients, rows)
            self._last_rows = rows
            self.clients_changed.emit()
        self._show_queue(clients)

    def _kernel_sockets(self) -> list[KernelSocket]:
        now = time.monotonic()
        if now - self._kernel_read_at >= KERNEL_POLL_S:
            self._kernel_read_at, self._kernel_cache = now, kernel_sockets()
        return self._kernel_cache

    def _row(self, client: Client, view: KernelView | None) -> tuple[str, ...]:
        after = client.connected_after
        took = "" if after is None else f"{after * 1000:.0f} ms"
        return (
            f"#{client.number}", str(client.local_port), stage_text(client), took,
            (view.client_state if view else None) or "—",
            (view.server_state if view else None) or "—",
        )

    def _fill(self, clients: list[Client], rows: list[tuple[str, ...]]) -> None:
        self.table.setRowCount(len(rows))
        for row, (client, cells) in enumerate(zip(clients, rows, strict=True)):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setForeground(QColor(STAGE_COLOURS[client.stage]))
                self.table.setItem(row, column, item)

    def _show_queue(self, clients: list[Client]) -> None:
        lab = self.lab
        if self._problem:
            self._say(self._problem, good=False)
        if lab is None:
            self.queue_label.setText(self.tr("No listener."))
            if not self._problem:
                self._say(self.tr("Press Listen: the program calls listen() with the backlog "
                                  "and then never calls accept()."), good=True)
            return
        capacity = lab.backlog + EXTRA_IN_QUEUE
        queued = [c for c in clients if c.stage is Stage.QUEUED]
        cells = "".join(
            f'<span style="background:{STAGE_COLOURS[Stage.QUEUED]};color:#fff">'
            f"&nbsp;#{c.number}&nbsp;</span> " for c in queued
        )
        cells += "".join('<span style="border:1px solid">&nbsp;·&nbsp;</span> '
                         for _ in range(max(0, capacity - len(queued))))
        waiting = sum(1 for c in clients if c.stage is Stage.CONNECTING)
        self.queue_label.setText(
            self.tr("Accept queue (%1 places): ").replace("%1", str(capacity)) + cells
            + (self.tr(" — %1 more in SYN_SENT, their SYNs dropped").replace("%1", str(waiting))
               if waiting else "")
        )
        if self._problem:
            return
        self._say(
            self.tr("Listening on 127.0.0.1 port %1 with backlog %2; accept() is never called "
                    "by itself. %3 waiting in the queue.")
            .replace("%1", str(lab.port)).replace("%2", str(lab.backlog))
            .replace("%3", str(len(queued))),
            good=True,
        )

    def _say(self, sentence: str, good: bool) -> None:
        self.status.setText(status_html(self, sentence, good))

    def _update_controls(self) -> None:
        listening = self.lab is not None
        self.accept_button.setEnabled(listening)
        self.close_button.setEnabled(listening)
        self.backlog_spin.setEnabled(not listening)

    def planned_clients(self) -> int:
        """The clients made, and those still to come from a "Connect 5"."""
        return len(self.clients()) + self._to_connect

    def open_sockets(self) -> int:
        return self.lab.open_sockets() if self.lab is not None else 0

    def clients(self) -> list[Client]:
        return list(self.lab.clients) if self.lab is not None else []
