"""One QTimer for the deadlines of every connection on a thread.

Each connection has a few timeouts: the connect attempt, the graceful close,
the heartbeat, the handshake, the end of a flood pause. A QTimer for each costs
about 1.7 KB, and Qt keeps the active ones in a sorted list that every start
and stop searches: with ten thousand connections both add up (memory, and a
linear search per heartbeat). Here the deadlines sit in a heap and one QTimer
wakes for the earliest.

Deadlines are never early and at most 5 % late (50 ms at most): like Qt's
coarse timers, nearby deadlines are rounded up to the same moment, so a
thousand heartbeats due within a few milliseconds cost one wake-up.

An owner (ConnectionService) asks to be woken with wake(owner, when) and keeps
the time it asked for; the scheduler calls owner.deadline_reached(when). An
entry whose time the owner no longer expects is stale and the owner ignores
it, so nothing is ever removed from the heap: it pops in time.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
import weakref
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer
from shiboken6 import Shiboken

MAX_LATE_S = 0.05  # the coarsest rounding of a deadline
LATE_FRACTION = 0.05  # ...or this share of the time until it, if smaller
_GRAINS = (MAX_LATE_S, 0.025, 0.01, 0.005, 0.001)


class Owner(Protocol):
    def deadline_reached(self, when: float) -> None: ...


class DeadlineScheduler(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heap: list[tuple[float, int, weakref.ref[Any]]] = []
        self._order = itertools.count()  # ties keep the order they were asked in
        self._armed_for: float | None = None
        self._timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)

    def __len__(self) -> int:
        return len(self._heap)

    def wake(self, owner: Owner, when: float) -> float:
        """Call owner.deadline_reached(t) at `when` (time.monotonic()) or a little
        later; returns t, the moment it was rounded up to. The owner is held weakly."""
        slack = (when - time.monotonic()) * LATE_FRACTION
        # The coarsest grain within the slack; a few fixed grains, so that
        # deadlines asked for at slightly different moments share a grid.
        grain = next((g for g in _GRAINS if g <= slack), _GRAINS[-1])
        when = math.ceil(when / grain) * grain
        heapq.heappush(self._heap, (when, next(self._order), weakref.ref(owner)))
        if self._armed_for is None or when < self._armed_for:
            self._arm(when)
        return when

    def _arm(self, when: float) -> None:
        self._armed_for = when
        self._timer.start(max(0, math.ceil((when - time.monotonic()) * 1000)))

    def _on_timer_timeout(self) -> None:
        self._armed_for = None
        now = time.monotonic()
        heap = self._heap
        due: list[tuple[float, weakref.ref[Any]]] = []
        while heap and heap[0][0] <= now:
            when, _, ref = heapq.heappop(heap)
            due.append((when, ref))
        try:
            for when, ref in due:
                owner = ref()
                if owner is not None:
                    owner.deadline_reached(when)
        finally:
            # Owners may have asked for new deadlines meanwhile (and armed the
            # timer for theirs): wake for whatever is now the earliest.
            if heap and (self._armed_for is None or heap[0][0] < self._armed_for):
                self._arm(heap[0][0])


_schedulers: dict[int, DeadlineScheduler] = {}


def scheduler() -> DeadlineScheduler:
    """The scheduler of the calling thread (its QTimer must live there)."""
    thread = QThread.currentThread()
    key = Shiboken.getCppPointer(thread)[0]
    found = _schedulers.get(key)
    if found is None or not Shiboken.isValid(found):
        # On the application's thread it belongs to the application and goes
        # with it (a QObject outliving QCoreApplication crashes at exit).
        app = QCoreApplication.instance()
        owner = app if app is not None and app.thread() is thread else None
        found = _schedulers[key] = DeadlineScheduler(owner)
        if owner is None:  # a thread that ends takes its scheduler along
            thread.finished.connect(lambda: _schedulers.pop(key, None))
    return found
