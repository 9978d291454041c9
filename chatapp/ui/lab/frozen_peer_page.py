"""Lab 3 page: a frozen peer, its filling window, the heartbeat against keepalive,
and a peer that dies or vanishes (lab/frozen_peer.py)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...lab import kernel_table
from ...lab.frozen_peer import FrozenPeerLab, FrozenPeerSettings, QueueSample
from .lab_page import LabPage, LabStep
from .queue_chart import QueueChart, Series

LIVENESS_COLORS = {"alive": "#34a853", "late": "#f9ab00", "dead": "#ea4335", "off": "#9aa0a6"}
PROBLEM_STYLE = "color: #c5221f; font-weight: bold;"
BUTTON_COLUMNS = 4
READOUTS_WIDTH = 340


def kib(value: int | None) -> str:
    return "?" if value is None else f"{value / 1024:.1f} KiB"


class FrozenPeerPage(LabPage):
    def __init__(self, parent: QWidget | None = None,
                 settings: FrozenPeerSettings | None = None) -> None:
        super().__init__(parent)
        self.lab = FrozenPeerLab(self, settings)
        self.chart = QueueChart([
            Series(self.tr("sender's send queue"), QColor("#4285f4")),
            Series(self.tr("peer's receive queue"), QColor("#a142f4")),
        ], band_label=self.tr("writes blocked (zero window)"))
        self.lab.sample_taken.connect(self._on_lab_sample_taken)
        self.lab.liveness_changed.connect(self._on_lab_liveness_changed)
        self.lab.event_logged.connect(self._on_lab_event_logged)
        self.lab.problem.connect(self._on_lab_problem)
        self.lab.sender_closed.connect(self._on_lab_sender_closed)
        self._build()

    # --- LabPage ---------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Frozen and dead peers")

    def set_slow_motion(self, factor: float) -> None:
        self.lab.set_slow_motion(factor)

    def exportable_views(self) -> dict[str, QWidget]:
        return {"frozen_peer_queues": self.chart}

    def stop(self) -> None:
        self.lab.stop()

    def steps(self) -> list[LabStep]:
        keepalive = self.lab.settings.keepalive
        default = kernel_table.keepalive_time_default()
        default_text = (self.tr("This machine's default (tcp_keepalive_time): {0} s, {1:g} hours.")
                        .format(default, default / 3600) if default is not None else
                        self.tr("The usual default is 7200 s: two hours."))
        return [
            LabStep(self.tr("A connected pair and its heartbeat"), self.tr(
                "Two ends in this program: the sender (your program) and the peer. The "
                "sender pings every {0:g} s and calls the peer <b>late</b> after two "
                "missed intervals and <b>dead</b> after {1:g} s of silence. TCP keepalive "
                "is on for the sender with short times: first probe after {2} s of "
                "silence, then every {3} s, {4} unanswered probes drop the connection.")
                .format(self.lab.settings.ping_interval, self.lab.settings.heartbeat_timeout,
                        keepalive.idle, keepalive.interval, keepalive.count),
                self._step_start),
            LabStep(self.tr("Freeze the peer"), self.tr(
                "The peer's program stops reading and answering (a hung GUI thread, a "
                "debugger, a deadlock). Its <b>kernel</b> still receives and acknowledges "
                "every segment: both kernel states stay <b>ESTABLISHED</b>. Only the "
                "heartbeat notices: late, then dead."), self._step_freeze),
            LabStep(self.tr("Keepalive proves the kernel, not the program"), self.tr(
                "Once the heartbeat has given up, the sender is silent; after {0} s the "
                "sender's kernel sends keepalive probes, and the frozen peer's kernel "
                "answers each one: the count of unanswered probes stays 0 and the "
                "connection stays ESTABLISHED long after {1} s. Keepalive only finds "
                "peers whose machine is gone. {2}").format(
                    keepalive.idle, keepalive.idle + keepalive.interval * keepalive.count,
                    default_text), self._step_keepalive),
            LabStep(self.tr("Keep writing: the window fills"), self.tr(
                "The sender writes without stop. The peer's kernel stores what arrives "
                "until its receive buffer is full and advertises a <b>zero window</b>; "
                "then the sender's kernel keeps the rest in its send queue until that is "
                "full too, and send() would block (here: writes are refused). The kernel "
                "now sends zero-window probes, which the frozen kernel answers too."),
                self._step_write),
            LabStep(self.tr("Thaw the peer"), self.tr(
                "The peer reads again: its receive queue drains, the window opens, the "
                "sender's queue empties and the heartbeat is answered again."),
                self._step_thaw),
            LabStep(self.tr("Kill the peer"), self.tr(
                "The peer's program exits. Its kernel closes the socket: <b>FIN</b> if "
                "everything was read, <b>RST</b> if data was left unread, as here. The "
                "sender learns at once: recv() fails with “connection reset”."),
                self._step_kill),
            LabStep(self.tr("A vanished peer: half-open"), self.tr(
                "When the peer's machine loses power or its cable, nothing is sent: the "
                "sender's connection stays ESTABLISHED, <b>half-open</b>. The lab imitates "
                "it by dropping the peer's socket silently (Linux TCP_REPAIR, needs "
                "administrator rights). On loopback the machine is still there, so the "
                "sender's next segment (a keepalive probe) is answered with RST, as after "
                "a reboot. A machine really gone never answers: loopback cannot show that; "
                "the kernel then gives up after idle + interval × count (with the defaults "
                "two hours and eleven minutes), the heartbeat after {0:g} s.").format(
                    self.lab.settings.heartbeat_timeout), self._step_vanish),
        ]

    # --- the steps -------------------------------------------------------------------------

    def _step_start(self) -> None:
        self._log.clear()
        self.chart.clear()
        self._problem.clear()
        self.lab.listen_host = self._listen_host.text().strip()
        self.lab.connect_host = self._connect_host.text().strip()
        self.lab.start()

    def _ensure_started(self) -> None:
        if not self.lab.connected:
            self._step_start()

    def _step_freeze(self) -> None:
        self._ensure_started()
        if self.lab.writing:
            self.lab.set_writing(False)
        if not self.lab.frozen:
            self.lab.freeze()

    def _step_keepalive(self) -> None:
        self._step_freeze()

    def _step_write(self) -> None:
        self._step_freeze()
        self.lab.set_writing(True)

    def _step_thaw(self) -> None:
        self._ensure_started()
        self.lab.set_writing(False)
        self.lab.thaw()

    def _step_kill(self) -> None:
        self._step_write()
        QTimer.singleShot(round(1000 * self.lab.slow_motion), self.lab,
                          lambda: self.lab.connected and self.lab.kill_peer("close"))

    def _step_vanish(self) -> None:
        self._step_start()
        QTimer.singleShot(round(500 * self.lab.slow_motion), self.lab,
                          lambda: self.lab.connected and self.lab.kill_peer("vanish"))

    # --- building and showing --------------------------------------------------------------

    def _build(self) -> None:
        """Controls in rows, then the readouts beside the chart and the log below: the
        page fits the lab window's middle column (about 760 px wide at 1366x768)."""
        self._listen_host = QLineEdit(self.lab.listen_host)
        self._connect_host = QLineEdit(self.lab.connect_host)
        hint = self.tr("Both ends run in this program (freezing needs that); give this "
                       "machine's network address to go through its network interface "
                       "instead of loopback.")
        addresses = QHBoxLayout()
        for label, field in ((self.tr("Peer listens on:"), self._listen_host),
                             (self.tr("Sender connects to:"), self._connect_host)):
            field.setToolTip(hint)
            addresses.addWidget(QLabel(label))
            addresses.addWidget(field, 1)

        grid = QGridLayout()
        grid.setSpacing(4)
        buttons = [
            (self.tr("Connect"), self._step_start),
            (self.tr("Freeze peer"), lambda: self.lab.connected and self.lab.freeze()),
            (self.tr("Thaw peer"), lambda: self.lab.connected and self.lab.thaw()),
            (self.tr("Sender writes on/off"),
             lambda: self.lab.set_writing(not self.lab.writing)),
            (self.tr("Peer exits (close)"), lambda: self.lab.kill_peer("close")),
            (self.tr("Peer aborts (RST)"), lambda: self.lab.kill_peer("abort")),
            (self.tr("Peer vanishes"), lambda: self.lab.kill_peer("vanish")),
        ]
        self.buttons: dict[str, QPushButton] = {}
        for index, (text, slot) in enumerate(buttons):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            grid.addWidget(button, index // BUTTON_COLUMNS, index % BUTTON_COLUMNS)
            self.buttons[text] = button

        self._liveness = QLabel()
        self._on_lab_liveness_changed("off", "")
        self.readouts: dict[str, QLabel] = {}
        status = QGroupBox(self.tr("Live"))
        status.setMaximumWidth(READOUTS_WIDTH)
        status_form = QFormLayout(status)
        status_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        status_form.addRow(self.tr("Heartbeat:"), self._liveness)
        for key, label in (
            ("states", self.tr("Kernel states (sender / peer):")),
            ("send_queue", self.tr("Sender's send queue:")),
            ("receive_queue", self.tr("Peer's receive queue:")),
            ("writes", self.tr("Sender's writes:")),
            ("keepalive", self.tr("Keepalive:")),
            ("silence", self.tr("Sender silent for:")),
        ):
            self.readouts[key] = QLabel("–")
            self.readouts[key].setWordWrap(True)
            status_form.addRow(label, self.readouts[key])
        default = kernel_table.keepalive_time_default()
        system_default = QLabel(
            self.tr("{0} s before the first probe (tcp_keepalive_time)").format(default)
            if default is not None else self.tr("not readable here (usually 7200 s)"))
        system_default.setWordWrap(True)
        status_form.addRow(self.tr("System keepalive default:"), system_default)
        self._problem = QLabel()
        self._problem.setWordWrap(True)
        self._problem.setStyleSheet(PROBLEM_STYLE)
        self._log = QPlainTextEdit(readOnly=True)
        self._log.setMaximumBlockCount(500)
        self._log.setMinimumHeight(90)

        views = QHBoxLayout()
        views.addWidget(status)
        views.addWidget(self.chart, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(addresses)
        layout.addLayout(grid)
        layout.addWidget(self._problem)
        layout.addLayout(views, 3)
        layout.addWidget(self._log, 1)

    def _on_lab_sample_taken(self, sample: QueueSample) -> None:
        self.chart.add_point(sample.t, [sample.sender_send_queue, sample.peer_receive_queue],
                             sample.writes_blocked)
        half_open = sample.sender_state == "ESTABLISHED" and sample.peer_state == "CLOSED"
        states = f"{sample.sender_state} / {sample.peer_state}"
        self.readouts["states"].setText(
            self.tr("{0} — half-open: the sender does not know the peer is gone")
            .format(states) if half_open else states)
        self.readouts["send_queue"].setText(kib(sample.sender_send_queue))
        self.readouts["receive_queue"].setText(kib(sample.peer_receive_queue))
        self.readouts["writes"].setText(
            self.tr("blocked: zero window") if sample.writes_blocked else
            self.tr("flowing") if self.lab.writing else self.tr("pings only"))
        probes = self.lab.keepalive_probes_since_freeze()
        timer = (self.tr("keepalive timer running") if sample.keepalive_timer_running else
                 self.tr("zero-window probes instead") if sample.zero_window_probing else
                 self.tr("not due: traffic flows"))
        keepalive = self.tr("{0}; unanswered probes: {1}").format(
            timer,
            "?" if sample.sender_probes_unanswered is None else sample.sender_probes_unanswered)
        if probes is not None and self.lab.frozen:
            keepalive += self.tr("; probes sent by this machine since the freeze "
                                 "(all sockets): {0}").format(probes)
        self.readouts["keepalive"].setText(keepalive)
        self.readouts["silence"].setText(self.tr("{0:.1f} s").format(sample.silent_for))

    def _on_lab_liveness_changed(self, liveness: str, reason: str) -> None:
        names = {"alive": self.tr("alive"), "late": self.tr("late"), "dead": self.tr("dead"),
                 "off": self.tr("off")}
        text = names.get(liveness, liveness) + (f" ({reason})" if reason else "")
        self._liveness.setText(text)
        self._liveness.setStyleSheet(
            f"color: {LIVENESS_COLORS.get(liveness, '#9aa0a6')}; font-weight: bold;")

    def _on_lab_event_logged(self, line: str) -> None:
        self._log.appendPlainText(line)

    def _on_lab_problem(self, sentence: str) -> None:
        self._problem.setText(sentence)

    def _on_lab_sender_closed(self, sentence: str) -> None:
        self._on_lab_liveness_changed("off", "")
        self._problem.setText(sentence)

    def problem_text(self) -> str:
        return self._problem.text()

    def liveness_text(self) -> str:
        return self._liveness.text()
