"""Lab 4's page on its own: a small run through the relay shows each path's
arrivals and counters, the steps set the relay and send, the side-by-side view
exports as a PNG, and two pages act as two machines over loopback."""

from __future__ import annotations

import pytest
from PySide6.QtNetwork import QHostAddress, QTcpServer, QUdpSocket
from shared_support import LOOPBACK, WAIT_MS

from chatapp.lab.transport_receivers import RELIABLE, TCP, UDP
from chatapp.ui.lab.catalog import lab_pages
from chatapp.ui.lab.tcp_vs_udp_page import TcpVsUdpPage


@pytest.fixture
def page(qtbot):
    page = TcpVsUdpPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    yield page
    page.stop()


def finished(page):
    return page.run is not None and page.run.is_finished


def free_ports(count=3):
    """Ports nothing listens on now (TCP and UDP), for the two-machine test."""
    ports = []
    for _ in range(count):
        probe = QTcpServer()
        assert probe.listen(QHostAddress(LOOPBACK), 0)
        ports.append(probe.serverPort())
        probe.close()
    return tuple(ports)


def test_a_small_lossy_run_shows_what_each_path_delivered(qtbot, page):
    page.controls.set_values(loss=20, count=20, delay=0)
    page.controls.interval.setValue(1)
    page.start_run()
    qtbot.waitUntil(lambda: finished(page), timeout=WAIT_MS)
    columns = page.columns
    assert columns.counter_text(TCP, "delivered") == "20"
    assert columns.counter_text(RELIABLE, "delivered") == "20"
    udp_delivered = int(columns.counter_text(UDP, "delivered"))
    assert udp_delivered < 20
    assert columns.counter_text(UDP, "lost") == str(20 - udp_delivered)
    assert int(columns.counter_text(RELIABLE, "retransmitted")) > 0
    udp_rows = [columns.lists[UDP].item(i).text() for i in range(columns.lists[UDP].count())]
    assert sum("missing" in row for row in udp_rows) == 20 - udp_delivered
    assert columns.lists[RELIABLE].count() == 20
    assert "Done." in page.status.text()


def test_each_step_explains_and_sends(qtbot, page):
    steps = page.steps()
    assert len(steps) == 6 and all(step.title and step.text for step in steps)
    steps[2].enter()  # duplication
    assert page.controls.duplicate.value() == 20 and page.controls.loss.value() == 0
    qtbot.waitUntil(lambda: finished(page), timeout=WAIT_MS)
    rows = [page.columns.lists[UDP].item(i).text()
            for i in range(page.columns.lists[UDP].count())]
    assert any("duplicate" in row for row in rows)


def test_slow_motion_stretches_the_interval_and_the_delay(page):
    page.set_slow_motion(4)
    page.controls.set_values(delay=10)
    plan = page.controls.plan(page.slow_motion)
    assert plan.impairments.delay_ms == 40 and plan.interval_ms == 80


def test_the_side_by_side_view_exports_as_a_png(qtbot, page, tmp_path):
    page.controls.set_values(count=5, delay=0)
    page.start_run()
    qtbot.waitUntil(lambda: finished(page), timeout=WAIT_MS)
    views = page.exportable_views()
    assert set(views) == {"tcp-vs-udp"}
    target = tmp_path / "tcp-vs-udp.png"
    assert views["tcp-vs-udp"].grab().save(str(target))
    assert target.stat().st_size > 1000


def test_an_address_that_is_not_one_is_said_in_a_sentence(page):
    page.controls.receiver.setText("the other pc")
    page.start_run()
    assert "not an IP address" in page.status.text()
    assert page.run is None and page.remote_senders is None


def test_two_pages_act_as_two_machines(qtbot, page):
    receiving = TcpVsUdpPage()
    qtbot.addWidget(receiving)
    ports = free_ports()
    for one in (page, receiving):
        one.remote_ports = ports
    receiving.remote_listen_host = "127.0.0.2"  # "another machine", still on loopback
    receiving.receive_button.setChecked(True)
    assert receiving.remote_receivers is not None, receiving.status.text()
    page.controls.set_values(count=10, loss=20, delay=0)
    page.controls.receiver.setText("127.0.0.2")
    page.start_run()
    assert page.remote_senders is not None, page.status.text()
    logs = lambda: receiving.remote_receivers.logs  # noqa: E731 - it is replaced per run
    qtbot.waitUntil(lambda: logs()[RELIABLE].delivered == 10 and logs()[TCP].delivered == 10,
                    timeout=WAIT_MS)
    assert receiving.columns.counter_text(RELIABLE, "delivered") == "10"
    qtbot.waitUntil(lambda: "acknowledged every message" in page.status.text(),
                    timeout=WAIT_MS)
    receiving.stop()
    assert receiving.remote_receivers is None


def test_a_stranger_datagram_on_the_receiving_page_is_not_shown(qtbot):
    receiving = TcpVsUdpPage()
    qtbot.addWidget(receiving)
    receiving.remote_ports = free_ports()
    receiving.remote_listen_host = LOOPBACK
    receiving.receive_button.setChecked(True)
    stranger = QUdpSocket()
    stranger.writeDatagram(b"\x00" * 500, QHostAddress(LOOPBACK), receiving.remote_ports[1])
    qtbot.waitUntil(lambda: receiving.remote_receivers.logs[UDP].unreadable == 1,
                    timeout=WAIT_MS)
    assert receiving.columns.lists[UDP].count() == 0
    receiving.stop()


def test_the_catalog_offers_the_page(qtbot):
    pages = lab_pages()
    assert any(isinstance(p, TcpVsUdpPage) for p in pages)
    for p in pages:
        qtbot.addWidget(p)


def test_changing_step_in_the_middle_of_a_run_starts_over_cleanly(qtbot, page):
    steps = page.steps()
    page.controls.interval.setValue(50)
    steps[1].enter()  # loss, and the next step before it finished
    first_run = page.run
    steps[3].enter()  # reordering
    assert page.run is not first_run
    qtbot.waitUntil(lambda: finished(page), timeout=WAIT_MS)
    assert page.controls.reorder.value() == 30 and page.controls.loss.value() == 0
    assert page.columns.counter_text(TCP, "delivered") == "20"
    page.stop()
    page.stop()  # twice: the window may stop a page that is already stopped
    assert page.run is None
