"""Discovery tests in this process: asyncio's loop is Qt's (qasync), as in the
app, and everything multicasts or broadcasts on loopback only."""

from __future__ import annotations

import asyncio
import secrets

import pytest


@pytest.fixture
def qt_asyncio(qapp):
    """asyncio's running loop for the test is qasync's, on Qt's loop: qtbot's
    waits run Qt's loop, and with it the loop's timers, sockets and tasks."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    yield loop
    for task in asyncio.all_tasks(loop):
        task.cancel()
    qapp.processEvents()
    asyncio.events._set_running_loop(None)
    loop._QEventLoop__is_running = False  # what run_forever's end would do
    loop.close()


@pytest.fixture
def server_id():
    return secrets.token_hex(8)
