"""Measure start-up: seconds from process start to the first window on screen.

Off unless asked for, and then it costs an event filter on the windows being
opened (windows_main calls :func:`watch` on each before showing it) until the
first paint. Only the top-level windows' own events pass through it, not every
event of every widget: an application-wide Python filter slowed the start-up
it measured (each widget event became a Python call) by tens of milliseconds.

- ``CHATAPP_REPORT_STARTUP=1``: when the first top-level window has been
  painted, print one line on stdout, e.g.
  ``chatapp startup: 0.412 s to first window (ServerWindow, platform xcb)``.
- ``CHATAPP_EXIT_AFTER_SHOW=1`` as well: then close every window, so the app
  quits the ordinary way (benchmarks and the bundle test start it repeatedly).

The clock starts when the operating system created the process, not when
Python got going, so interpreter start, the frozen bundle's unpacking and
every import are counted. On Linux that is the process's start time in
/proc/self/stat (10 ms ticks) against CLOCK_BOOTTIME; elsewhere psutil's
create_time() against the wall clock. (psutil's Linux value is derived from
the boot time in whole seconds, which can be off by most of a second.)
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

ENV_REPORT = "CHATAPP_REPORT_STARTUP"
ENV_EXIT = "CHATAPP_EXIT_AFTER_SHOW"
# Tools parse this: r"chatapp startup: ([0-9.]+) s to first window"
LINE_PREFIX = "chatapp startup:"


def _enabled(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def seconds_since_process_start() -> float:
    """How long ago the operating system started this process."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/stat", encoding="ascii") as stat:
                # Field 22 (starttime), counted after the ")" that ends the command name.
                ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError, AttributeError):
            pass
    import psutil

    return time.time() - psutil.Process().create_time()


class _FirstPaintProbe(QObject):
    """Event filter on the windows being opened: waits for the first one's paint."""

    def __init__(self, app: QApplication, exit_after: bool) -> None:
        super().__init__(app)
        self._app = app
        self._exit_after = exit_after
        self._window_name = ""

    def watch(self, window: QWidget) -> None:
        if not self._window_name:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._window_name
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self._window_name = type(watched).__name__
            watched.removeEventFilter(self)
            # Report once this paint (and the flush to the screen) is done.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        elapsed = seconds_since_process_start()
        platform = QGuiApplication.platformName()
        print(
            f"{LINE_PREFIX} {elapsed:.3f} s to first window ({self._window_name}, "
            f"platform {platform})",
            flush=True,
        )
        if self._exit_after:
            QTimer.singleShot(0, QApplication.closeAllWindows)


def install(app: QApplication) -> bool:
    """Get ready to time the first window if CHATAPP_REPORT_STARTUP is set."""
    if not _enabled(ENV_REPORT):
        return False
    _FirstPaintProbe(app, _enabled(ENV_EXIT))
    return True


def watch(window: QWidget) -> None:
    """Time *window* if it is the first to be painted; call it before showing it.

    Does nothing unless :func:`install` was called with CHATAPP_REPORT_STARTUP set.
    """
    app = QApplication.instance()
    probe = app.findChild(_FirstPaintProbe) if app is not None else None
    if isinstance(probe, _FirstPaintProbe):
        probe.watch(window)
