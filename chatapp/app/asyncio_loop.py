"""Qt's loop as asyncio's loop (qasync), for the programs without a window
that need asyncio: DNS-SD (python-zeroconf) runs on it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def run_qt_as_asyncio(app: QCoreApplication) -> int:
    """Run Qt's loop until app.quit(), with asyncio running on it."""
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return int(loop.run_forever())
