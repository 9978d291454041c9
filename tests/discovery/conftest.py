"""Discovery tests in this process: asyncio's loop is Qt's (qasync), as in the
app, and everything multicasts or broadcasts on loopback only."""

from __future__ import annotations

import asyncio
import secrets

import pytest


@pytest.fixture
def qt_asyncio(qapp, qtbot):
    """asyncio's running loop for the test is qasync's, on Qt's loop: qtbot's
    waits run Qt's loop, and with it the loop's timers, sockets and tasks.

    Afterwards the tasks still under way (zeroconf closing its sockets) are let
    finish: a socket left open on a closed loop crashed a later test."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    yield loop
    try:
        qtbot.waitUntil(lambda: not asyncio.all_tasks(loop), timeout=3000)
    except Exception:  # a task that never ends: cancelled below
        pass
    for task in asyncio.all_tasks(loop):
        task.cancel()
    qapp.processEvents()
    asyncio.events._set_running_loop(None)
    loop._QEventLoop__is_running = False  # what run_forever's end would do
    loop.close()


@pytest.fixture
def server_id():
    return secrets.token_hex(8)
