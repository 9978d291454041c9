"""Run Qt's own event loop until the first window is on screen.

Nothing needs asyncio before the windows are painted, and asyncio with qasync
takes about 50 ms to import: a fifth of the start-up. So the entry points show
their windows, let Qt's loop paint them, and only then import qasync and hand
over to its loop. Until then every Qt event (sockets, timers, input) is
handled as usual; only asyncio is not running yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window that is never painted (started minimised, on a platform that never
# exposes it) must not keep asyncio waiting for long.
FIRST_PAINT_TIMEOUT_MS = 1000


class _FirstPaintWait(QObject):
    def __init__(self, windows: Sequence[QWidget], timeout_ms: int) -> None:
        super().__init__()
        self._windows = list(windows)
        self._loop = QEventLoop(self)
        self._finishing = False
        self._timer = QTimer(self, singleShot=True, interval=timeout_ms)
        self._timer.timeout.connect(self._loop.quit)

    def run(self) -> None:
        for window in self._windows:
            window.installEventFilter(self)
        self._timer.start()
        try:
            self._loop.exec()
        finally:
            self._timer.stop()
            for window in self._windows:
                window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._finishing and event.type() in (
            QEvent.Type.Paint,
            QEvent.Type.Close,
            QEvent.Type.Hide,
        ):
            self._finishing = True
            # Two turns of the loop: what this paint queued (the flush to the
            # screen, the start-up probe's report) goes first.
            QTimer.singleShot(0, self._on_painted)
        return False

    def _on_painted(self) -> None:
        QTimer.singleShot(0, self._loop.quit)


def wait_for_first_paint(
    windows: Sequence[QWidget], timeout_ms: int = FIRST_PAINT_TIMEOUT_MS
) -> bool:
    """Run Qt's loop until one of *windows* has been painted (or closed, or
    *timeout_ms* passed). Returns whether any of them is still open."""
    if any(window.isVisible() for window in windows):
        _FirstPaintWait(windows, timeout_ms).run()
    return any(window.isVisible() for window in windows)
