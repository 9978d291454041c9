"""Polls the kernel's TCP states for every connection a window is following.

One psutil snapshot per tick answers for all rows; it runs on a worker
thread (it reads /proc and can take tens of milliseconds) and the result
comes back to the GUI thread as a queued signal. The timer only runs while
some tracker wants answers, so an idle window costs nothing.
"""

from __future__ import annotations

import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ..net import tcp_state

POLL_INTERVAL_MS = 500
# A snapshot is Python work on a thread that shares the interpreter lock with
# the window: with thousands of sockets on the machine it takes tens of ms, so
# polls are spaced to keep it under about a tenth of the time.
MAX_SHARE_OF_TIME = 0.1


class KernelWatcher(Protocol):
    @property
    def wants_kernel_state(self) -> bool: ...

    def update_kernel_state(self, sockets: list[tcp_state.KernelSocket]) -> None: ...


class KernelStateMonitor(QObject):
    snapshot_taken = Signal(object)  # list[KernelSocket], delivered on the GUI thread

    def __init__(self, parent: QObject | None = None, interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._watchers: weakref.WeakSet[KernelWatcher] = weakref.WeakSet()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tcp-state")
        self._busy = False
        self._interval_ms = interval_ms
        self._started = 0.0  # when the snapshot under way began (time.monotonic())
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.refresh)
        self.snapshot_taken.connect(self._on_snapshot_taken)
        self.destroyed.connect(lambda *_: self._executor.shutdown(wait=False))

    def watch(self, watcher: KernelWatcher) -> None:
        self._watchers.add(watcher)
        self.refresh()
        if not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        """Take a snapshot now (unless one is already being taken)."""
        if self._busy:
            return
        if not any(w.wants_kernel_state for w in list(self._watchers)):
            self._timer.stop()
            return
        self._busy = True
        self._started = time.monotonic()
        emit = self.snapshot_taken.emit
        future = self._executor.submit(tcp_state.snapshot)

        def done(f: object) -> None:
            try:
                result = future.result()
            except Exception:  # psutil failed this once: report "unknown", keep polling
                result = []
            try:
                emit(result)
            except RuntimeError:  # the monitor was deleted while the snapshot ran
                pass

        future.add_done_callback(done)

    def _on_snapshot_taken(self, sockets: list[tcp_state.KernelSocket]) -> None:
        self._busy = False
        took_ms = (time.monotonic() - self._started) * 1000
        self._timer.setInterval(max(self._interval_ms, round(took_ms / MAX_SHARE_OF_TIME)))
        for watcher in list(self._watchers):
            try:
                if watcher.wants_kernel_state:
                    watcher.update_kernel_state(sockets)
            except RuntimeError:  # its Qt object is gone; the weak set drops it soon
                self._watchers.discard(watcher)
        if not any(w.wants_kernel_state for w in list(self._watchers)):
            self._timer.stop()
        elif not self._timer.isActive():
            self._timer.start()


_default: KernelStateMonitor | None = None


def default_monitor() -> KernelStateMonitor:
    """One monitor per application, so every panel shares one psutil call per tick."""
    global _default
    if _default is None:
        _default = KernelStateMonitor(QCoreApplication.instance())

        def forget(*_args: object) -> None:
            global _default
            _default = None

        _default.destroyed.connect(forget)
    return _default
