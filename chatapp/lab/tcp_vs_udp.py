"""Lab 4's scenario: the same numbered messages over TCP, plain UDP and reliable
UDP through the lossy relay, on this machine, and what each delivers.

A path is finished when it has everything (TCP, reliable UDP), when its sender
gave up (reliable UDP through too much loss), or, for plain UDP, which never
learns what was lost, when nothing more can be on the way: the last datagram
was sent longer ago than the relay can hold one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from .arrival_log import Mark
from .transport_receivers import PATHS, RELIABLE, UDP, LabReceivers
from .transport_senders import LabSenders, SendPlan

UDP_GRACE_S = 0.3  # after the longest relay delay, before plain UDP's missing count as lost


@dataclass(frozen=True)
class PathCounters:
    # None: not known at this end (another machine sends, or receives)
    sent: int | None  # messages the program handed over
    on_wire: int | None  # datagrams the program sent, retransmissions included (TCP: writes)
    delivered: int | None  # distinct messages that reached the receiving program
    lost: int | None  # never delivered (counted once the path finished)
    duplicated: int | None  # delivered again (plain UDP), or copies the layer dropped (reliable)
    reordered: int | None  # arrived after a higher number (UDP), or waited for a gap (reliable)
    retransmitted: int  # reliable UDP only: TCP's own are in the kernel (TCP_INFO shows them)
    acks: int  # reliable UDP: acks that reached the sender
    time_s: float | None  # first send to last delivery


class TcpVsUdpRun(QObject):
    arrived = Signal(str, int, str)  # path, message number, Mark value
    counters_changed = Signal()
    path_finished = Signal(str)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, plan: SendPlan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.receivers = LabReceivers(plan.count, self)
        self.receivers.arrived.connect(self._on_receivers_arrived)
        self.senders: LabSenders | None = None
        self.done: set[str] = set()
        self._reliable_gave_up = False
        self._udp_quiet = QTimer(self, singleShot=True)
        self._udp_quiet.timeout.connect(lambda: self._finish(UDP))

    def start(self) -> None:
        """Raises NetError with a sentence when a socket cannot be opened."""
        ports = self.receivers.start("127.0.0.1")
        self.senders = LabSenders(
            SendPlan(self.plan.count, self.plan.interval_ms, self.plan.impairments,
                     "127.0.0.1", ports), self)
        self.senders.sent.connect(lambda _path, _number: self.counters_changed.emit())
        self.senders.all_sent.connect(self._on_senders_all_sent)
        self.senders.reliable_done.connect(self._on_senders_reliable_done)
        self.senders.failed.connect(self.failed)
        self.receivers.reset(self.plan.count)
        self.senders.start()

    def stop(self) -> None:
        self._udp_quiet.stop()
        if self.senders is not None:
            self.senders.stop()
        self.receivers.stop()

    @property
    def is_finished(self) -> bool:
        return self.done == set(PATHS)

    def counters(self, path: str) -> PathCounters:
        log = self.receivers.logs[path]
        sent = self.senders.next_number if self.senders else 0
        started = self.senders.started_at if self.senders else None
        time_s = None
        if started is not None and log.last_at_s is not None:
            time_s = log.last_at_s - (started - self.receivers.started_at)
        on_wire, retransmitted, acks = sent, 0, 0
        duplicated, reordered = log.count(Mark.DUPLICATE), log.count(Mark.OUT_OF_ORDER)
        if path == RELIABLE and self.senders and self.senders.reliable:
            stats = self.senders.reliable.layer.stats
            on_wire, retransmitted, acks = stats.data_datagrams, stats.retransmissions, \
                stats.acks_received
            wire = self.receivers.reliable.layer.stats
            duplicated, reordered = wire.duplicates, wire.out_of_order
        lost = len(log.missing()) if path in self.done else 0
        return PathCounters(sent, on_wire, log.delivered, lost, duplicated, reordered,
                            retransmitted, acks, time_s)

    def _on_receivers_arrived(self, path: str, number: int, mark: str) -> None:
        self.arrived.emit(path, number, mark)
        self.counters_changed.emit()
        if self.receivers.logs[path].complete:  # plain UDP too, when nothing was lost
            self._finish(path)

    def _on_senders_all_sent(self) -> None:
        self._udp_quiet.start(round((self.plan.impairments.longest_delay_s + UDP_GRACE_S) * 1000))

    def _on_senders_reliable_done(self, all_acked: bool) -> None:
        if not all_acked:
            self._finish(RELIABLE)

    def _finish(self, path: str) -> None:
        if path in self.done:
            return
        self.done.add(path)
        self.counters_changed.emit()
        self.path_finished.emit(path)
        if self.is_finished:
            self.finished.emit()
