"""The kernel-state poller spaces its snapshots by how long they take."""

from __future__ import annotations

import time

from chatapp.net import tcp_state
from chatapp.ui import kernel_state_monitor
from chatapp.ui.kernel_state_monitor import KernelStateMonitor


class Watcher:
    wants_kernel_state = True

    def __init__(self) -> None:
        self.snapshots: list[list[tcp_state.KernelSocket]] = []

    def update_kernel_state(self, sockets: list[tcp_state.KernelSocket]) -> None:
        self.snapshots.append(sockets)


def slow_snapshot() -> list[tcp_state.KernelSocket]:
    time.sleep(0.2)  # as on a machine with tens of thousands of sockets
    return []


def monitor_after_one_snapshot(qtbot, monkeypatch, snapshot, interval_ms: int):
    """A monitor polling every `interval_ms` whose snapshots come from `snapshot`,
    once its first snapshot has reached a watcher."""
    monkeypatch.setattr(tcp_state, "snapshot", snapshot)
    monitor = KernelStateMonitor(interval_ms=interval_ms)
    watcher = Watcher()
    monitor.watch(watcher)
    qtbot.waitUntil(lambda: len(watcher.snapshots) == 1, timeout=5000)
    return monitor


def test_a_slow_snapshot_makes_the_polls_rarer(qtbot, monkeypatch):
    monitor = monitor_after_one_snapshot(qtbot, monkeypatch, slow_snapshot, 50)
    share = kernel_state_monitor.MAX_SHARE_OF_TIME
    assert monitor._timer.interval() >= 0.2 * 1000 / share


def test_a_fast_snapshot_keeps_the_interval_asked_for(qtbot, monkeypatch):
    monitor = monitor_after_one_snapshot(qtbot, monkeypatch, list, 300)
    assert monitor._timer.interval() == 300
