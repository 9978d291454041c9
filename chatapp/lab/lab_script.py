"""A lab's own pacing: actions played one after another with pauses between,
which slow motion stretches so a class can follow each event.

An action may answer False ("not yet": the handshake is still under way); it
is then tried again every RETRY_MS until WAIT_LIMIT_S, and the script stops
with `stalled` if it never becomes possible. Kernel timers are not ours to
stretch: only these pauses are.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

RETRY_MS = 10
WAIT_LIMIT_S = 8.0  # longer than a SYN's first two retransmissions (1 s + 2 s)

Action = Callable[[], bool | None]


class LabScript(QObject):
    finished = Signal()
    stalled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.slow_motion = 1.0
        self._queue: list[tuple[float, Action]] = []
        self._waiting_since: float | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return bool(self._queue)

    def play(self, steps: list[tuple[float, Action]]) -> None:
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
        _, action = self._queue[0]
        if action() is False:
            now = time.monotonic()
            self._waiting_since = self._waiting_since or now
            if now - self._waiting_since > WAIT_LIMIT_S:
                self.cancel()
                self.stalled.emit()
            else:
                self._timer.start(RETRY_MS)
            return
        self._waiting_since = None
        self._queue.pop(0)
        if self._queue:
            self._arm(self._queue[0][0])
        else:
            self.finished.emit()
