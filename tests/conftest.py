"""Shared test setup: Qt without a display, traffic on loopback only."""

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

LOOPBACK = "127.0.0.1"


@pytest.fixture(autouse=True)
def qt_objects_die_on_the_gui_thread(request):
    """As in the app: the cycle collector runs on the GUI thread only (see
    chatapp/app/gc_policy.py). Left automatic, it sometimes ran on a worker
    thread (the kernel-state poller, the history store) and freed Qt objects
    there: a segmentation fault in about one UI test run in four. Each Qt
    test's garbage is collected before the next one starts."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from chatapp.app.gc_policy import install_main_thread_gc

    install_main_thread_gc(request.getfixturevalue("qapp"))
    yield
    gc.collect()
