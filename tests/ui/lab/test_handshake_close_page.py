"""Lab 2's page, shown alone: its steps walk a real connection through the
handshake, the closes and a server restart, and its diagram exports."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QImage
from shared_support import WAIT_MS

from chatapp.lab.handshake_close import CLIENT, SERVER
from chatapp.lab.lane_events import EventKind
from chatapp.ui.lab.handshake_close_page import HandshakeClosePage
from chatapp.ui.lab.lab_page import LabPage

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the kernel's states are read from /proc/net/tcp")


@pytest.fixture
def page(qtbot):
    page = HandshakeClosePage()
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    yield page
    page.stop()


def enter(page: LabPage, index: int) -> None:
    step = page.steps()[index]
    assert step.title and step.text
    if step.enter:
        step.enter()


def image_is_drawn(image: QImage) -> bool:
    if image.isNull() or image.width() < 100 or image.height() < 100:
        return False
    colors = {image.pixel(x, y) for x in range(0, image.width(), 7)
              for y in range(0, image.height(), 7)}
    return len(colors) > 3


def test_the_steps_walk_a_connection_from_listen_to_time_wait(qtbot, page):
    lab = page.lab
    assert page.title() and len(page.steps()) == 10
    enter(page, 0)
    assert lab.listening and page.diagram.events[-1].text == "LISTEN"
    enter(page, 1)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "SYN_SENT", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "ESTABLISHED", timeout=WAIT_MS)
    assert not lab.connected(SERVER)  # accept() is the next step
    enter(page, 2)
    qtbot.waitUntil(lambda: lab.connected(SERVER), timeout=WAIT_MS)
    enter(page, 3)
    qtbot.waitUntil(lambda: any(e.text == "recv() → 9 bytes" for e in page.diagram.events),
                    timeout=WAIT_MS)
    enter(page, 4)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "TIME_WAIT", timeout=WAIT_MS)
    enter(page, 5)
    port = lab.local_port(CLIENT)
    qtbot.waitUntil(lambda: f"port {port}" in page.time_wait_text(), timeout=WAIT_MS)
    assert "60 s" in page.time_wait_text()
    drawn = [(e.kind, e.end, e.text) for e in page.diagram.events]
    for expected in [(EventKind.SEGMENT, CLIENT, "SYN"), (EventKind.SEGMENT, SERVER, "SYN+ACK"),
                     (EventKind.STATE, CLIENT, "FIN_WAIT2"),
                     (EventKind.STATE, SERVER, "CLOSE_WAIT"),
                     (EventKind.SEGMENT, SERVER, "FIN"), (EventKind.STATE, CLIENT, "TIME_WAIT")]:
        assert expected in drawn


def test_abort_and_half_close_steps(qtbot, page):
    lab = page.lab
    enter(page, 6)
    qtbot.waitUntil(lambda: any(e.text == "RST" for e in page.diagram.events), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.state(SERVER) == "CLOSED", timeout=WAIT_MS)
    assert lab.time_waits() == []
    enter(page, 7)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "TIME_WAIT", timeout=WAIT_MS)
    notes = [e.text for e in page.diagram.events if e.kind is EventKind.NOTE]
    assert any(note.startswith("recv() → 11 bytes") for note in notes)  # "still here\n"


def test_the_simultaneous_close_step_leaves_two_time_waits(qtbot, page):
    enter(page, 8)
    qtbot.waitUntil(lambda: page.lab.state(CLIENT) == page.lab.state(SERVER) == "TIME_WAIT",
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "client port" in page.time_wait_text()
                    and "server port" in page.time_wait_text(), timeout=WAIT_MS)


def test_the_restart_step_shows_the_sentence_then_binds_with_reuse_address(qtbot, page):
    lab = page.lab
    enter(page, 9)
    qtbot.waitUntil(lambda: "TIME_WAIT" in page.problem_text(), timeout=WAIT_MS)
    assert page.problem_text() == (
        f"Address already in use: a connection on port {lab.port} is still in TIME_WAIT; "
        "SO_REUSEADDR lets a new listener bind anyway.")
    qtbot.waitUntil(lambda: lab.listening, timeout=WAIT_MS)
    assert "setsockopt(SO_REUSEADDR, 1)" in [e.text for e in page.diagram.events[-4:]]


def test_a_wrong_address_is_a_sentence(qtbot, page):
    page._listen_host.setText("not-an-address")
    enter(page, 0)
    assert "is not an IP address" in page.problem_text()
    assert not page.lab.listening


def test_slow_motion_stretches_the_labs_pauses(qtbot, page):
    page.set_slow_motion(3.0)
    assert page.lab.script.slow_motion == 3.0
    enter(page, 0)
    enter(page, 3)  # connect, then send 0.5 s × 3 later
    qtbot.waitUntil(lambda: page.lab.connected(SERVER), timeout=WAIT_MS)
    connected_at = page.lab.now()
    qtbot.waitUntil(lambda: any(e.text.startswith("send(") for e in page.diagram.events),
                    timeout=WAIT_MS)
    assert page.lab.now() - connected_at > 1.2


def test_the_sequence_diagram_exports_to_png(qtbot, page, tmp_path):
    enter(page, 6)
    qtbot.waitUntil(lambda: page.lab.state(SERVER) == "CLOSED", timeout=WAIT_MS)
    views = page.exportable_views()
    assert list(views) == ["handshake_close_sequence"]
    diagram = views["handshake_close_sequence"]
    pixmap = diagram.grab()
    assert pixmap.height() >= diagram.content_height()
    path = tmp_path / "sequence.png"
    assert pixmap.save(str(path))
    assert path.stat().st_size > 1000
    assert image_is_drawn(QImage(str(path)))


def test_stop_closes_everything(qtbot, page):
    enter(page, 6)
    qtbot.waitUntil(lambda: page.lab.connected(CLIENT), timeout=WAIT_MS)
    page.stop()
    assert not page.lab.listening
    assert not page.lab.connected(CLIENT) and not page.lab.connected(SERVER)


def test_the_diagram_keeps_a_bounded_number_of_rows_and_renders_to_svg(qtbot, tmp_path):
    from PySide6.QtCore import QPoint, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from chatapp.lab.lane_events import LaneEvent
    from chatapp.ui.lab.sequence_diagram import MAX_ROWS, SequenceDiagram

    diagram = SequenceDiagram()
    qtbot.addWidget(diagram)
    for i in range(MAX_ROWS + 500):  # a peer flooding the listener: one row per read
        diagram.add_event(LaneEvent(i / 1000, EventKind.NOTE, SERVER, f"recv() → {i} bytes"))
    assert len(diagram.events) == MAX_ROWS
    assert diagram.events[0].text == "recv() → 500 bytes"
    diagram.clear()
    diagram.add_event(LaneEvent(0.0, EventKind.SEGMENT, CLIENT, "SYN"))
    diagram.add_event(LaneEvent(0.1, EventKind.STATE, CLIENT, "SYN_SENT"))
    diagram.resize(diagram.sizeHint())
    path = tmp_path / "sequence.svg"
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(diagram.width(), diagram.height()))
    painter = QPainter(generator)
    diagram.render(painter, QPoint())
    painter.end()
    svg = path.read_text(encoding="utf-8")
    assert "<svg" in svg and "SYN_SENT" in svg and "Client" in svg


def test_every_button_in_any_order_gives_sentences_not_tracebacks(qtbot, page):
    """A student clicking around: each button twice, in order and reversed, before
    and after a connection exists; pytest-qt fails the test on any exception."""
    from PySide6.QtCore import Qt

    buttons = list(page.buttons.values())
    assert len(buttons) == 13
    for button in buttons + buttons[::-1] + buttons:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.wait(20)  # let the lab's 10 ms timer run between the clicks
    page.stop()
    assert not page.lab.listening


def test_each_row_of_the_diagram_is_found_for_its_tooltip(qtbot):
    from chatapp.lab.lane_events import LaneEvent
    from chatapp.ui.lab.sequence_diagram import HEADER_HEIGHT, ROW_HEIGHT, SequenceDiagram

    diagram = SequenceDiagram()
    qtbot.addWidget(diagram)
    long_note = "recv() → 0: end of stream, the peer sent FIN " * 3
    diagram.add_event(LaneEvent(0.0, EventKind.CALL, CLIENT, "connect(127.0.0.1:2000)"))
    diagram.add_event(LaneEvent(0.5, EventKind.NOTE, SERVER, long_note))
    assert diagram.event_at(HEADER_HEIGHT + ROW_HEIGHT * 1.5).text == long_note
    assert diagram.event_at(HEADER_HEIGHT + 1).text == "connect(127.0.0.1:2000)"
    assert diagram.event_at(HEADER_HEIGHT - 1) is None
    assert diagram.event_at(HEADER_HEIGHT + ROW_HEIGHT * 5) is None
