"""DeadlineScheduler: one QTimer for every connection's timeouts."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QTimer

from chatapp.net.connection import ConnectionService
from chatapp.net.deadlines import MAX_LATE_S, DeadlineScheduler
from chatapp.protocol import Role


class Recorder:
    def __init__(self, log: list) -> None:
        self.log = log
        self.expected: float | None = None

    def deadline_reached(self, when: float) -> None:
        self.log.append((self, when, time.monotonic()))


def test_deadlines_fire_in_order_never_early(qtbot):
    scheduler = DeadlineScheduler()
    log: list = []
    owners = [Recorder(log) for _ in range(3)]
    start = time.monotonic()
    asked = {}
    for owner, delay in zip(owners, (0.12, 0.03, 0.07), strict=True):
        asked[owner] = start + delay
        scheduler.wake(owner, start + delay)
    qtbot.waitUntil(lambda: len(log) == 3, timeout=2000)
    assert [entry[0] for entry in log] == [owners[1], owners[2], owners[0]]
    for owner, when, called_at in log:
        assert when >= asked[owner] - 1e-9  # rounded up, never down
        assert called_at >= asked[owner] - 1e-9
        assert when - asked[owner] <= MAX_LATE_S + 1e-9


def test_nearby_deadlines_share_one_wake_up(qtbot):
    scheduler = DeadlineScheduler()
    log: list = []
    owners = [Recorder(log) for _ in range(200)]
    base = time.monotonic() + 1.0
    times = {scheduler.wake(owner, base + i * 0.0001) for i, owner in enumerate(owners)}
    assert len(times) <= 2  # 20 ms of deadlines, 50 ms grain: one or two moments
    qtbot.waitUntil(lambda: len(log) == 200, timeout=3000)


def test_an_owner_that_is_gone_is_not_called(qtbot):
    scheduler = DeadlineScheduler()
    log: list = []
    owner = Recorder(log)
    scheduler.wake(owner, time.monotonic() + 0.02)
    del owner
    gc.collect()
    qtbot.wait(100)
    assert log == [] and len(scheduler) == 0


def test_connection_deadline_moves_earlier_later_and_cancels(qtbot):
    connection = ConnectionService(Role.SERVER)
    fired: list[float] = []
    connection.deadline_passed.connect(lambda: fired.append(time.monotonic()))
    start = time.monotonic()
    connection.set_deadline(0.3)
    connection.set_deadline(0.05)  # sooner: the earlier wake-up is used
    qtbot.waitUntil(lambda: len(fired) == 1, timeout=2000)
    assert 0.05 <= fired[0] - start < 0.25
    connection.set_deadline(0.05)
    connection.set_deadline(0.15)  # later: woken early, it waits on
    qtbot.wait(400)
    assert len(fired) == 2 and fired[1] - start >= 0.15
    connection.set_deadline(0.05)
    connection.set_deadline(None)
    qtbot.wait(150)
    assert len(fired) == 2


def test_a_connection_holds_no_timer_of_its_own(qtbot):
    connection = ConnectionService(Role.CLIENT)
    connection.set_deadline(10)
    connection.pause_reading(10)
    connection.start_heartbeat(5, 15)
    assert connection.findChildren(QTimer) == []
