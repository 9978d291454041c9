"""Lab 3's page, shown alone: its steps freeze, fill, thaw, kill and vanish a real
peer on loopback, its readouts say what the kernel says, and its chart exports."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QImage
from shared_support import WAIT_MS

from chatapp.lab.frozen_peer import FrozenPeerSettings
from chatapp.net.keepalive import KeepaliveSettings
from chatapp.ui.lab.frozen_peer_page import FrozenPeerPage

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="queues and states are read from the Linux kernel")

FAST = FrozenPeerSettings(ping_interval=0.2, heartbeat_timeout=1.0,
                          keepalive=KeepaliveSettings(idle=1, interval=1, count=3),
                          write_chunk=16 * 1024, tick_ms=10, sample_ms=20)


@pytest.fixture
def page(qtbot):
    page = FrozenPeerPage(settings=FAST)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    yield page
    page.stop()


def enter(page: FrozenPeerPage, index: int) -> None:
    step = page.steps()[index]
    assert step.title and step.text
    if step.enter:
        step.enter()


def test_the_steps_freeze_fill_and_thaw_the_peer(qtbot, page):
    lab = page.lab
    assert page.title() and len(page.steps()) == 7
    enter(page, 0)
    qtbot.waitUntil(lambda: lab.heartbeat is not None and lab.heartbeat.rtt is not None,
                    timeout=WAIT_MS)
    assert page.liveness_text() == "alive"
    enter(page, 1)
    qtbot.waitUntil(lambda: page.liveness_text().startswith("late"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.liveness_text().startswith("dead"), timeout=WAIT_MS)
    assert page.readouts["states"].text() == "ESTABLISHED / ESTABLISHED"
    enter(page, 2)  # nothing to do: the explanation, while the connection stays up
    assert lab.frozen and lab.connected
    enter(page, 3)
    qtbot.waitUntil(lambda: page.readouts["writes"].text() == "blocked: zero window",
                    timeout=WAIT_MS)
    assert page.chart.latest()[0] > 10_000 and page.chart.latest()[1] > 10_000
    enter(page, 4)
    qtbot.waitUntil(lambda: page.liveness_text() == "alive" and lab.heartbeat.rtt is not None,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.chart.latest()[0] == 0, timeout=WAIT_MS)


def test_the_keepalive_readout_names_the_system_default_and_the_probes(qtbot, page):
    text = page.steps()[2].text
    assert "tcp_keepalive_time" in text or "7200" in text
    enter(page, 1)
    qtbot.waitUntil(lambda: page.liveness_text().startswith("dead"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "keepalive timer running" in page.readouts["keepalive"].text(),
                    timeout=WAIT_MS)
    assert "unanswered probes: 0" in page.readouts["keepalive"].text()


def test_killing_a_frozen_peer_resets_the_sender(qtbot, page):
    enter(page, 5)
    qtbot.waitUntil(lambda: not page.lab.connected, timeout=WAIT_MS)
    assert "RST" in page.problem_text()
    assert page.liveness_text() == "off"


def test_a_vanished_peer_shows_half_open_then_reset(qtbot, page):
    enter(page, 6)
    qtbot.waitUntil(lambda: "half-open" in page.readouts["states"].text()
                    or "TCP_REPAIR" in page.problem_text(), timeout=WAIT_MS)
    if "TCP_REPAIR" in page.problem_text():
        pytest.skip("TCP_REPAIR needs administrator rights")
    qtbot.waitUntil(lambda: not page.lab.connected, timeout=WAIT_MS)
    assert "RST" in page.problem_text()


def test_the_queue_chart_exports_to_png(qtbot, page, tmp_path):
    enter(page, 3)
    qtbot.waitUntil(lambda: page.readouts["writes"].text() == "blocked: zero window",
                    timeout=WAIT_MS)
    views = page.exportable_views()
    assert list(views) == ["frozen_peer_queues"]
    path = tmp_path / "queues.png"
    assert views["frozen_peer_queues"].grab().save(str(path))
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 360
    colors = {image.pixel(x, y) for x in range(0, image.width(), 5)
              for y in range(0, image.height(), 5)}
    assert len(colors) > 4


def test_a_wrong_address_is_a_sentence_and_stop_closes_everything(qtbot, page):
    page._connect_host.setText("chat.example")
    enter(page, 0)
    assert "is not an IP address" in page.problem_text()
    page._connect_host.setText("127.0.0.1")
    enter(page, 0)
    assert page.lab.connected
    page.stop()
    assert not page.lab.connected


def test_slow_motion_stretches_the_heartbeat(qtbot, page):
    page.set_slow_motion(2.0)
    enter(page, 0)
    assert page.lab.heartbeat.interval == pytest.approx(FAST.ping_interval * 2)
    assert page.lab.heartbeat.timeout == pytest.approx(FAST.heartbeat_timeout * 2)


def test_every_button_in_any_order_gives_sentences_not_tracebacks(qtbot, page):
    from PySide6.QtCore import Qt

    problems: list[str] = []
    page.lab.problem.connect(problems.append)
    buttons = list(page.buttons.values())
    assert len(buttons) == 7
    for button in buttons[1:] + buttons + buttons[::-1]:  # first without a connection
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.wait(30)
    assert "There is no peer to end: connect first." in problems
    page.stop()
    assert not page.lab.connected
