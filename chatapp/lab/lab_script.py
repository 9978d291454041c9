"""A lab's own pacing: actions played one after another with pauses between,
which slow motion stretches so a class can follow each event.

A step may also wait: `Until(condition)` is asked again every RETRY_MS (the
handshake is still under way) until WAIT_LIMIT_S, and the script stops with
`stalled` if the condition never comes true. An action's own answer is
ignored, so a failed action (which said why) is never repeated. Kernel timers
are not ours to stretch: only these pauses are.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

RETRY_MS = 10
WAIT_LIMIT_S = 8.0  # longer than a SYN's first two retransmissions (1 s + 2 s)

Action = Callable[[], object]


@dataclass(frozen=True)
class Until:
    """A step that waits until `condition()` is true (which may itself act, like accept)."""
    condition: Callable[[], bool]


Step = tuple[float, "Action | Until"]


class LabScript(QObject):
    finished = Signal()
    stalled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.slow_motion = 1.0
        self._queue: list[Step] = []
        self._waiting_since: float | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one fires 5 % early
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return bool(self._queue)

    def play(self, steps: list[Step]) -> None:
        """Run each action `pause` seconds (times slow motion) after the previous one."""
        self.cancel()
        self._queue = list(steps)
        if self._queue:
            self._arm(self._queue[0][0])

    def cancel(self) -> None:
        self._timer.stop()
        self._queue = []
        self._waiting_since = None

    def _arm(self, pause: float) -> None:
        self._timer.start(max(0, round(pause * self.slow_motion * 1000)))

    def _on_timer_timeout(self) -> None:
        if not self._queue:
            return
        entry = self._queue[0]
        action = entry[1]
        if isinstance(action, Until):
            if not action.condition():
                now = time.monotonic()
                self._waiting_since = self._waiting_since or now
                if now - self._waiting_since > WAIT_LIMIT_S:
                    self.cancel()
                    self.stalled.emit()
                else:
                    self._timer.start(RETRY_MS)
                return
        else:
            action()
        self._waiting_since = None
        if not self._queue or self._queue[0] is not entry:
            return  # the action started another script or stopped the lab
        self._queue.pop(0)
        if self._queue:
            self._arm(self._queue[0][0])
        else:
            self.finished.emit()
