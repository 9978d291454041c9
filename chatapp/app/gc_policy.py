"""Python's cycle collector runs on the GUI thread only, between events.

Windows and QObjects that sit in Python reference cycles (slots that are
lambdas or bound methods of their owner) are freed by the cycle collector.
Left automatic, it runs in whichever thread happens to allocate at that
moment: the kernel-state poller's worker or the history store's worker. A
QObject deleted there leaves its timers registered with the GUI thread (a
crash in QTimerInfoList::activateTimers), or a widget disappears under its
own paint event. So automatic collection is switched off, and a timer on the
GUI thread runs the collector, generation by generation, whenever its usual
thresholds have been passed: the same work, at a moment when Qt is not busy
with the objects it frees.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in (2, 1, 0):  # the oldest due one; it includes the younger ones
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


def install_main_thread_gc(app: QCoreApplication) -> MainThreadCollector:
    """Once per application; later calls return the collector already running."""
    existing = app.findChild(MainThreadCollector)
    if isinstance(existing, MainThreadCollector):
        return existing
    collector = MainThreadCollector(app)
    collector.start()
    return collector
