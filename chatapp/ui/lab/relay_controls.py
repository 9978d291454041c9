"""Lab 4's controls: how many messages, how fast, and how bad the relay makes
the network (loss, duplication, reordering, delay, and the seed that repeats a run)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from ...lab.lossy_relay import Impairments
from ...lab.transport_senders import SendPlan


def _spin(parent: QWidget, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class RelayControls(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = _spin(self, 1, 500, 20)
        self.interval = _spin(self, 0, 2000, 20, self.tr(" ms"))
        self.loss = _spin(self, 0, 90, 0, " %")
        self.duplicate = _spin(self, 0, 90, 0, " %")
        self.reorder = _spin(self, 0, 90, 0, " %")
        self.reorder_extra = _spin(self, 0, 2000, 60, self.tr(" ms"))
        self.delay = _spin(self, 0, 2000, 5, self.tr(" ms"))
        self.seed = _spin(self, 0, 999_999, 1)
        self.receiver = QLineEdit("127.0.0.1", self)
        self.receiver.setToolTip(self.tr(
            "Where the messages go. 127.0.0.1 is this machine. To use two machines, "
            "start \"Receive for another machine\" on the other one and type its address here."))
        self.receiver.setMinimumWidth(self.receiver.fontMetrics().horizontalAdvance("0" * 18))
        sending, network, where = QFormLayout(), QFormLayout(), QFormLayout()
        sending.addRow(self.tr("Messages"), self.count)
        sending.addRow(self.tr("One every"), self.interval)
        sending.addRow(self.tr("Delay each way"), self.delay)
        network.addRow(self.tr("Loss"), self.loss)
        network.addRow(self.tr("Duplication"), self.duplicate)
        network.addRow(self.tr("Reordering"), self.reorder)
        where.addRow(self.tr("held back up to"), self.reorder_extra)
        where.addRow(self.tr("Seed"), self.seed)
        where.addRow(self.tr("Receiver address"), self.receiver)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for form in (sending, network, where):
            # Small fields: the lists below get the room on a projector.
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            layout.addLayout(form)
            layout.addSpacing(24)
        layout.addStretch(1)

    def set_values(self, *, loss: int = 0, duplicate: int = 0, reorder: int = 0,
                   delay: int = 5, count: int = 20) -> None:
        """A step's starting point (the teacher may change any of it afterwards)."""
        self.loss.setValue(loss)
        self.duplicate.setValue(duplicate)
        self.reorder.setValue(reorder)
        self.delay.setValue(delay)
        self.count.setValue(count)

    def plan(self, slow_motion: float = 1.0) -> SendPlan:
        impairments = Impairments(
            loss_percent=self.loss.value(),
            duplicate_percent=self.duplicate.value(),
            reorder_percent=self.reorder.value(),
            reorder_extra_ms=self.reorder_extra.value(),
            delay_ms=self.delay.value(),
            seed=self.seed.value(),
        ).slowed(slow_motion)
        return SendPlan(self.count.value(), self.interval.value() * slow_motion, impairments,
                        self.receiver.text().strip() or "127.0.0.1")
