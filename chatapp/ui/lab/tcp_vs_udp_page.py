"""Lab 4, TCP versus UDP: the same numbered messages over TCP, plain UDP and UDP
with a small reliability layer, through a relay that loses, copies, reorders and
delays datagrams; what arrives, side by side, and what reliability costs.

Two machines: the receiving one presses "Receive for another machine" (its
receivers listen on REMOTE_PORTS), the sending one types its address; the relay
stays on the sending machine, so the same impairments apply on the way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...lab.arrival_log import Mark
from ...lab.tcp_vs_udp import PathCounters, TcpVsUdpRun
from ...lab.transport_receivers import PATHS, REMOTE_PORTS, LabReceivers
from ...lab.transport_senders import LabSenders, SendPlan
from ...net.socket_errors import NetError
from .arrival_columns import ArrivalColumns
from .lab_page import LabPage, LabStep
from .relay_controls import RelayControls
from .tcp_vs_udp_steps import lab_steps

# The receivers of this page; any other address is another machine's page receiving
# (another 127.x address lets one machine play both, which the tests do).
THIS_MACHINE = ("127.0.0.1", "::1", "localhost")


def _is_this_machine(host: str) -> bool:
    return host in THIS_MACHINE


class TcpVsUdpPage(LabPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slow_motion = 1.0
        self.remote_listen_host = "0.0.0.0"  # every address, so another machine reaches it
        self.remote_ports = REMOTE_PORTS
        self.run: TcpVsUdpRun | None = None
        self.remote_senders: LabSenders | None = None
        self.remote_receivers: LabReceivers | None = None
        self.controls = RelayControls(self)
        self.run_button = QPushButton(self.tr("&Send the messages"), self)
        self.run_button.clicked.connect(self.start_run)
        self.stop_button = QPushButton(self.tr("S&top"), self)
        self.stop_button.clicked.connect(self.stop)
        self.receive_button = QPushButton(self.tr("&Receive for another machine"), self)
        self.receive_button.setCheckable(True)
        self.receive_button.toggled.connect(self._on_receive_button_toggled)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.columns = ArrivalColumns(self)
        buttons = QHBoxLayout()
        for button in (self.run_button, self.stop_button, self.receive_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.columns, 1)

    # --- the LabPage contract ------------------------------------------------------

    def title(self) -> str:
        return self.tr("TCP versus UDP")

    def steps(self) -> list[LabStep]:
        return lab_steps(self.controls, self.start_run)

    def set_slow_motion(self, factor: float) -> None:
        self.slow_motion = max(1.0, factor)  # applies from the next run

    def exportable_views(self) -> dict[str, QWidget]:
        return {"tcp-vs-udp": self.columns}

    def stop(self) -> None:
        for part in (self.run, self.remote_senders):
            if part is not None:
                part.stop()
        self.run = self.remote_senders = None
        self.receive_button.setChecked(False)

    # --- running -------------------------------------------------------------------

    def start_run(self) -> None:
        self.stop()
        self.columns.clear()
        plan = self.controls.plan(self.slow_motion)
        try:
            if _is_this_machine(plan.receiver_host):
                self._start_local(plan)
            else:
                self._start_remote(plan)
        except NetError as error:
            self.stop()
            self._say(error.message)

    def _start_local(self, plan: SendPlan) -> None:
        self.run = TcpVsUdpRun(plan, self)
        self.run.arrived.connect(self.columns.add_arrival)
        self.run.counters_changed.connect(self._on_run_counters_changed)
        self.run.path_finished.connect(self._on_run_path_finished)
        self.run.finished.connect(self._on_run_finished)
        self.run.failed.connect(self._say)
        self._say(self.tr("Sending %1 messages…").replace("%1", str(plan.count)))
        self.run.start()

    def _start_remote(self, plan: SendPlan) -> None:
        senders = LabSenders(SendPlan(plan.count, plan.interval_ms, plan.impairments,
                                      plan.receiver_host, self.remote_ports), self)
        self.remote_senders = senders
        senders.sent.connect(lambda _path, _number: self._show_sender_counters())
        senders.reliable_done.connect(self._on_remote_reliable_done)
        senders.failed.connect(self._say)
        self._say(self.tr("Sending to %1: what arrives shows on that machine's lab page.")
                  .replace("%1", plan.receiver_host))
        senders.start()

    def _on_run_counters_changed(self) -> None:
        if self.run is not None:
            for path in PATHS:
                self.columns.show_counters(path, self.run.counters(path))

    def _on_run_path_finished(self, path: str) -> None:
        if self.run is not None:
            self.columns.mark_missing(path, self.run.receivers.logs[path].missing())

    def _on_run_finished(self) -> None:
        if self.run is None:
            return
        reliable = self.run.counters("reliable")
        self._say(self.tr(
            "Done. Plain UDP delivered %1 of %2; UDP with reliability delivered %3, "
            "sending %4 datagrams and receiving %5 acks for them."
        ).replace("%1", str(self.run.counters("udp").delivered))
         .replace("%2", str(reliable.sent)).replace("%3", str(reliable.delivered))
         .replace("%4", str(reliable.on_wire)).replace("%5", str(reliable.acks)))

    def _show_sender_counters(self) -> None:
        senders = self.remote_senders
        if senders is None or senders.reliable is None:
            return
        sent = senders.next_number
        stats = senders.reliable.layer.stats
        for path in PATHS:
            reliable = path == "reliable"
            self.columns.show_counters(path, PathCounters(
                sent, stats.data_datagrams if reliable else sent, None, None, None, None,
                stats.retransmissions if reliable else 0, stats.acks_received if reliable else 0,
                None))

    def _on_remote_reliable_done(self, all_acked: bool) -> None:
        self._show_sender_counters()
        if all_acked:
            self._say(self.tr("The other machine acknowledged every message."))
        else:
            self._say(self.tr("The other machine stopped answering: is \"Receive for another "
                              "machine\" on there, and does its firewall let UDP through?"))

    # --- receiving for another machine ---------------------------------------------

    def _on_receive_button_toggled(self, on: bool) -> None:
        if self.remote_receivers is not None:
            self.remote_receivers.stop()
            self.remote_receivers = None
        if not on:
            return
        self.columns.clear()
        receivers = LabReceivers(None, self)
        try:
            receivers.start(self.remote_listen_host, self.remote_ports)
        except NetError as error:
            receivers.stop()
            self._say(error.message)
            self.receive_button.setChecked(False)
            return
        self.remote_receivers = receivers
        receivers.arrived.connect(self.columns.add_arrival)
        receivers.arrived.connect(self._on_remote_receivers_arrived)
        receivers.sender_connected.connect(self._on_remote_receivers_sender_connected)
        self._say(self.tr("Waiting for another machine on ports %1 (TCP), %2 (UDP) and "
                          "%3 (reliable UDP).")
                  .replace("%1", str(self.remote_ports[0]))
                  .replace("%2", str(self.remote_ports[1]))
                  .replace("%3", str(self.remote_ports[2])))

    def _on_remote_receivers_sender_connected(self, sender: str) -> None:
        # A run's TCP connection comes before any of its datagrams: a new run starts here.
        if self.remote_receivers is not None:
            self.remote_receivers.reset(None)
        self.columns.clear()
        self._say(self.tr("Receiving from %1.").replace("%1", sender))

    def _on_remote_receivers_arrived(self, path: str, _number: int, _mark: str) -> None:
        if self.remote_receivers is None:
            return
        log = self.remote_receivers.logs[path]
        self.columns.show_counters(path, PathCounters(
            None, None, log.delivered, len(log.missing()), log.count(Mark.DUPLICATE),
            log.count(Mark.OUT_OF_ORDER), 0, 0, log.last_at_s))

    def _say(self, sentence: str) -> None:
        self.status.setText(sentence)
