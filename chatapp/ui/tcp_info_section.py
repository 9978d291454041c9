"""The TCP_INFO part of the state panel: what the kernel's TCP stack measures
for the selected connection (round trip, windows, retransmissions)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from ..net.tcp_info import TcpInfo


def _bytes(value: int | None) -> str:
    return "–" if value is None else f"{value:,} B"


class TcpInfoSection(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("TCP_INFO (measured by the kernel)"))
        self.setToolTip(
            self.tr(
                "Read from the socket with TCP_INFO (Linux), SIO_TCP_INFO (Windows) or "
                "TCP_CONNECTION_INFO (macOS), twice a second"
            )
        )
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.note = self._label(self.tr("TCP_INFO note"))
        form.addRow(self.note)
        self.rtt_label = self._label(self.tr("Smoothed round trip"))
        self.retrans_label = self._label(self.tr("Retransmissions"))
        self.cwnd_label = self._label(self.tr("Congestion window"))
        self.in_flight_label = self._label(self.tr("Bytes in flight"))
        self.not_sent_label = self._label(self.tr("Not sent yet"))
        self.send_window_label = self._label(self.tr("Peer's receive window"))
        self.receive_window_label = self._label(self.tr("Our receive window"))
        rows = (
            (self.tr("Smoothed RTT:"), self.rtt_label,
             self.tr("The kernel's running average of the round trip, ± its variation")),
            (self.tr("Retransmissions:"), self.retrans_label,
             self.tr("Segments sent again because no ACK came in time")),
            (self.tr("Congestion window:"), self.cwnd_label,
             self.tr("How much this side may have unacknowledged before waiting")),
            (self.tr("Bytes in flight:"), self.in_flight_label,
             self.tr("Sent and not yet acknowledged by the other side")),
            (self.tr("Not sent yet:"), self.not_sent_label,
             self.tr("Waiting in the kernel's send buffer: the peer's window is full")),
            (self.tr("Peer's window:"), self.send_window_label,
             self.tr("How much more the other side said it can take (its receive window)")),
            (self.tr("Our window:"), self.receive_window_label,
             self.tr("How much more this side can take, as it tells the peer")),
        )
        for text, label, tip in rows:
            label.setToolTip(tip)
            form.addRow(text, label)
        self._value_labels = [label for _, label, _ in rows]
        self.show_info(None, self.tr("No connection selected"))

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(name)
        label.setWordWrap(True)
        return label

    def show_info(self, info: TcpInfo | None, why_none: str = "") -> None:
        """`why_none`: the sentence shown when there is nothing to show."""
        if info is None:
            self.note.setText(why_none or self.tr("Not available on this system."))
            self.note.show()
            for label in self._value_labels:
                label.setText("–")
            return
        self.note.hide()
        rtt = f"{info.rtt_us / 1000:.2f} ms"
        if info.rttvar_us is not None:
            rtt += f" (± {info.rttvar_us / 1000:.2f} ms)"
        self.rtt_label.setText(rtt)
        retrans = self.tr("%1 in total").replace("%1", f"{info.total_retrans:,}")
        if info.retrans:
            retrans = self.tr("%1 now, %2").replace("%1", str(info.retrans)).replace("%2", retrans)
        self.retrans_label.setText(retrans)
        cwnd = _bytes(info.cwnd_bytes)
        if info.cwnd_segments is not None:
            cwnd = self.tr("%1 segments (%2)").replace("%1", str(info.cwnd_segments)).replace(
                "%2", cwnd
            )
        self.cwnd_label.setText(cwnd)
        self.in_flight_label.setText(_bytes(info.bytes_in_flight))
        self.not_sent_label.setText(_bytes(info.not_sent))
        self.send_window_label.setText(_bytes(info.send_window))
        receive = info.receive_window if info.receive_window is not None else info.rcv_space
        self.receive_window_label.setText(_bytes(receive))
