"""The sticky-packets lab's controls: what burst to send, how to read it, where.

Every limit of the scenario (chatapp/lab/burst.py) is a limit of a control, so
a burst the controls allow is a burst the lab can run: the message count's
maximum shrinks as the message size grows, keeping a burst within MAX_TOTAL_BYTES.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...lab.burst import (
    LOOPBACK,
    MAX_DELAY_MS,
    MAX_MESSAGE_BYTES,
    MAX_MESSAGES,
    MAX_PAUSE_MS,
    MAX_TOTAL_BYTES,
    BurstPlan,
)

HIGHEST_PORT = 65535
ROLES = ("both", "receive", "send")


class BurstControls(QWidget):
    send_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.count_spin = self._spin(1, MAX_MESSAGES, 10, self.tr(" messages"))
        self.size_spin = self._spin(1, MAX_MESSAGE_BYTES, 12, self.tr(" bytes each"))
        self.delay_spin = self._spin(0, MAX_DELAY_MS, 0, self.tr(" ms apart"))
        self.nagle_check = QCheckBox(self.tr("Nagle's algorithm (TCP_NODELAY off)"), self)
        self.nagle_check.setChecked(True)
        self.pause_spin = self._spin(0, MAX_PAUSE_MS, 0, self.tr(" ms"))
        self.all_arrived_check = QCheckBox(self.tr("… or until the whole burst has arrived"), self)
        self.framing_combo = QComboBox(self)
        for value, label in (
            ("none", self.tr("None")),
            ("newline", self.tr("Newline")),
            ("length", self.tr("Length prefix, 4 bytes")),
            ("fixed", self.tr("Fixed size")),
        ):
            self.framing_combo.addItem(label, value)
        self.framing_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.framing_combo.setToolTip(self.tr(
            "How the receiver finds where a message ends: not at all (each read taken for a "
            "message), at a newline, after a 4-byte big-endian length, or every N bytes"
        ))
        self.hostile_check = QCheckBox(self.tr("Hostile header first"), self)
        self.hostile_check.setToolTip(
            self.tr("The sender starts with ff ff ff ff: a length header announcing 4 GiB")
        )
        self.send_button = QPushButton(self.tr("Send the burst"), self)
        self.send_button.setDefault(True)

        self.role_combo = QComboBox(self)
        for value, label in zip(ROLES, (
            self.tr("Both ends on this machine"),
            self.tr("Only the receiver here (listen)"),
            self.tr("Only the sender here (connect)"),
        ), strict=True):
            self.role_combo.addItem(label, value)
        self.listen_host_edit = QLineEdit(LOOPBACK, self)
        self.listen_host_edit.setToolTip(
            self.tr("The address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for all")
        )
        self.listen_port_spin = self._spin(0, HIGHEST_PORT, 0, "")
        self.listen_port_spin.setSpecialValueText(self.tr("any port"))
        self.target_host_edit = QLineEdit(LOOPBACK, self)
        self.target_host_edit.setToolTip(self.tr("The receiving machine's address"))
        self.target_port_spin = self._spin(1, HIGHEST_PORT, 2001, "")
        self.listen_label = QLabel(self.tr("listen on"), self)
        self.target_label = QLabel(self.tr("send to"), self)

        # Narrow rows, so the page fits beside the steps on a 1366-pixel projector.
        rows: list[tuple[str, list[QWidget]]] = [
            (self.tr("Sender:"), [self.count_spin, self.size_spin, self.delay_spin]),
            ("", [self.nagle_check, self.hostile_check]),
            (self.tr("Receiver waits:"), [self.pause_spin, self.all_arrived_check]),
            (self.tr("Framing:"), [self.framing_combo, self.role_combo, self.send_button]),
            ("", [self.listen_label, self.listen_host_edit, self.listen_port_spin,
                  self.target_label, self.target_host_edit, self.target_port_spin]),
        ]
        for row, (label, widgets) in enumerate(rows):
            if label:
                grid.addWidget(QLabel(label, self), row, 0)
            line = QHBoxLayout()
            for widget in widgets:
                line.addWidget(widget)
            line.addStretch(1)
            grid.addLayout(line, row, 1)
        grid.setColumnStretch(1, 1)

        self.size_spin.valueChanged.connect(self._on_size_changed)
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)
        self.send_button.clicked.connect(self.send_requested)
        self._on_role_changed()

    def _spin(self, low: int, high: int, value: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setGroupSeparatorShown(True)
        spin.setAccelerated(True)
        return spin

    def _on_size_changed(self, size: int) -> None:
        self.count_spin.setMaximum(max(1, min(MAX_MESSAGES, MAX_TOTAL_BYTES // max(1, size))))

    def _on_role_changed(self) -> None:
        role = self.role
        for widget in (self.listen_label, self.listen_host_edit, self.listen_port_spin):
            widget.setVisible(role == "receive")
        for widget in (self.target_label, self.target_host_edit, self.target_port_spin):
            widget.setVisible(role == "send")

    @property
    def role(self) -> str:
        return str(self.role_combo.currentData())

    def listen_address(self) -> tuple[str, int]:
        if self.role != "receive":
            return (LOOPBACK, 0)
        return (self.listen_host_edit.text().strip() or LOOPBACK, self.listen_port_spin.value())

    def target(self) -> tuple[str, int] | None:
        if self.role != "send":
            return None
        return (self.target_host_edit.text().strip() or LOOPBACK, self.target_port_spin.value())

    def plan(self) -> BurstPlan:
        return BurstPlan(
            count=self.count_spin.value(),
            size=self.size_spin.value(),
            delay_ms=self.delay_spin.value(),
            nagle=self.nagle_check.isChecked(),
            pause_ms=self.pause_spin.value(),
            read_when_all_arrived=self.all_arrived_check.isChecked(),
            framing=str(self.framing_combo.currentData()),
            hostile_header=self.hostile_check.isChecked(),
        )

    def set_plan(self, plan: BurstPlan) -> None:
        self.size_spin.setValue(plan.size)  # first: it bounds the count
        self.count_spin.setValue(plan.count)
        self.delay_spin.setValue(int(plan.delay_ms))
        self.nagle_check.setChecked(plan.nagle)
        self.pause_spin.setValue(int(plan.pause_ms))
        self.all_arrived_check.setChecked(plan.read_when_all_arrived)
        self.framing_combo.setCurrentIndex(self.framing_combo.findData(plan.framing))
        self.hostile_check.setChecked(plan.hostile_header)
