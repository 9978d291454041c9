"""Lab 5's page: the clients' rows follow the accept queue filling and emptying."""

from __future__ import annotations

import sys

import pytest

from chatapp.lab.backlog import MAX_CLIENTS, Stage
from chatapp.ui.lab.backlog_page import CONNECT_SPACING_MS, BacklogPage

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's backlog")


@pytest.fixture
def page(qtbot):
    page = BacklogPage()
    qtbot.addWidget(page)
    page.show()
    yield page
    page.stop()


def stages(page: BacklogPage) -> list[Stage]:
    return [client.stage for client in page.clients()]


@linux_only
def test_the_queue_fills_then_accept_one_makes_room(qtbot, page):
    assert page.listen(1)
    page.connect_clients(3)
    qtbot.waitUntil(lambda: stages(page) == [Stage.QUEUED] * 2 + [Stage.CONNECTING])
    qtbot.waitUntil(lambda: page.table.item(2, 4) is not None
                    and page.table.item(2, 4).text() == "SYN_SENT")
    assert page.table.rowCount() == 3
    assert page.table.item(0, 5).text() == "ESTABLISHED"
    assert "SYN_SENT" in page.queue_label.text()
    accepted = page.accept_one()
    assert accepted is not None and accepted.number == 1
    qtbot.waitUntil(lambda: stages(page)[2] is Stage.QUEUED)


def test_stop_closes_every_socket_and_clears_the_rows(qtbot, page):
    page.connect_clients(4)  # listens by itself first
    qtbot.waitUntil(lambda: len(page.clients()) == 4)
    assert page.open_sockets() >= 5
    page.stop()
    assert page.open_sockets() == 0
    assert page.table.rowCount() == 0


def test_many_clients_are_bounded(qtbot, page):
    page.set_slow_motion(0)  # no spacing: the test need not wait
    page.connect_clients(MAX_CLIENTS + 30)
    qtbot.waitUntil(lambda: len(page.clients()) == MAX_CLIENTS and not page._to_connect)
    assert f"stops at {MAX_CLIENTS} clients" in page.status.text()


def test_slow_motion_spaces_the_clients_further_apart(page):
    page.set_slow_motion(5)
    assert page._connect_timer.interval() == 5 * CONNECT_SPACING_MS


def test_accept_with_an_empty_queue_says_so(page):
    assert page.listen(2)
    assert page.accept_one() is None
    assert "queue empty" in page.status.text()


def test_every_step_can_be_entered(qtbot, page):
    for step in page.steps():
        assert step.title and step.text
        if step.enter is not None:
            step.enter()
    page.stop()
    assert page.open_sockets() == 0


def test_each_step_reaches_its_state_whichever_came_before(qtbot, page):
    steps = page.steps()
    steps[2].enter()  # straight to "the queue is full": a fresh listener and five clients
    assert page.planned_clients() == 5
    steps[1].enter()  # back: a fresh listener and three
    assert page.planned_clients() == 3
    steps[2].enter()  # on from there: two more
    assert page.planned_clients() == 5
    qtbot.waitUntil(lambda: len(page.clients()) == 5)
