"""The live TCP state diagram, and the state panel's diagram and TCP_INFO parts."""

import sys

import pytest
from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from ui_support import KERNEL_WAIT_MS, WAIT_MS

from chatapp.ui import connection_tracker, tcp_state_diagram
from chatapp.ui.tcp_state_diagram import TcpStateDiagram
from chatapp.ui.tcp_state_layout import POSITIONS, TRANSITIONS, path_between
from chatapp.ui.tcp_states import STATES, canonical, explain


@pytest.fixture
def diagram(qtbot):
    widget = TcpStateDiagram()
    widget.resize(430, 520)
    qtbot.addWidget(widget)
    widget.set_end_label("local", "this end")
    widget.set_end_label("peer", "peer")
    return widget


def box_centre(widget, state):
    x, y = POSITIONS[state]
    area = widget.drawing_area()
    return QPointF(area.left() + x * area.width(), area.top() + y * area.height())


def test_every_state_is_drawn_and_reachable_from_closed():
    assert set(POSITIONS) == set(STATES) and len(STATES) == 11
    for state in STATES:
        if state != "CLOSED":
            assert path_between("CLOSED", state), state
    assert {t.source for t in TRANSITIONS} | {t.target for t in TRANSITIONS} == set(STATES)


def test_kernel_spellings_are_understood():
    assert canonical("FIN_WAIT2") == "FIN_WAIT_2" and canonical("SYN_RECV") == "SYN_RECEIVED"
    assert canonical("CLOSE") == canonical("NONE") == "CLOSED"
    for junk in (None, "", "BOGUS", "x" * 100_000, "syn sent", "\x00"):
        assert canonical(junk) is None
    assert "SYN+ACK" in explain("SYN_SENT") and explain("SYN_RECV") == explain("SYN_RECEIVED")


def test_each_end_is_lit_in_its_own_colour(qtbot, diagram):
    diagram.set_state("local", "ESTABLISHED")
    diagram.set_state("peer", "CLOSE_WAIT")
    image = diagram.grab().toImage()
    local_pixel = image.pixelColor(box_centre(diagram, "ESTABLISHED").toPoint() + _aside())
    peer_pixel = image.pixelColor(box_centre(diagram, "CLOSE_WAIT").toPoint() + _aside())
    unlit = image.pixelColor(box_centre(diagram, "LISTEN").toPoint() + _aside())
    assert local_pixel == diagram.end_colour("local")
    assert peer_pixel == diagram.end_colour("peer")
    assert unlit == diagram.palette().color(QPalette.ColorRole.Base)
    assert diagram.end_colour("local") != diagram.end_colour("peer")


def _aside():
    return QPoint(0, -15)  # above the state's name, inside its box


def test_transitions_are_traced_and_missed_steps_dashed(diagram):
    diagram.set_state("local", "ESTABLISHED")
    diagram.set_state("local", "FIN_WAIT1")
    assert [(t.source, t.target, t.skipped) for t in diagram.traces()] == [
        ("ESTABLISHED", "FIN_WAIT_1", False)
    ]
    diagram.set_state("local", "TIME_WAIT")  # FIN_WAIT_2 passed between two polls
    steps = [(t.source, t.target, t.skipped) for t in diagram.traces()[1:]]
    assert steps == [("FIN_WAIT_1", "FIN_WAIT_2", True), ("FIN_WAIT_2", "TIME_WAIT", True)]
    diagram.set_state("peer", "ESTABLISHED")
    diagram.set_state("peer", "CLOSED")  # a reset: no arrow of its own
    assert diagram.traces()[-1].transition is None and diagram.traces()[-1].end == "peer"
    diagram.set_state("peer", "nonsense")  # unknown: nothing lit, nothing traced
    assert diagram.state_of("peer") is None and len(diagram.traces()) == 4


def test_traces_fade_away(qtbot, diagram, monkeypatch):
    monkeypatch.setattr(tcp_state_diagram, "TRACE_FADE_S", 0.2)
    diagram.set_state("local", "CLOSED")
    diagram.set_state("local", "SYN_SENT")
    assert diagram.traces()
    qtbot.waitUntil(lambda: not diagram.traces(), timeout=WAIT_MS)


def test_a_click_explains_the_state(qtbot, diagram):
    with qtbot.waitSignal(diagram.state_clicked) as signal:
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton,
                         pos=box_centre(diagram, "TIME_WAIT").toPoint())
    assert signal.args[0] == "TIME_WAIT" and "closed first" in signal.args[1]
    assert diagram.toolTip() == signal.args[1]
    with qtbot.assertNotEmitted(diagram.state_clicked):
        # (not at 0, 0: a null point means the centre to QTest)
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))


def test_exports_for_slides(diagram, tmp_path):
    diagram.set_state("local", "SYN_SENT")
    svg, png = tmp_path / "d.svg", tmp_path / "d.png"
    assert diagram.render_to_svg(str(svg)) and diagram.render_to_png(str(png), QSize(900, 1000))
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "SYN_SENT" in text and "recv SYN,ACK / send ACK" in text
    assert QImage(str(png)).size() == QSize(900, 1000)
    assert not diagram.render_to_png(str(tmp_path / "missing" / "d.png"))


def test_the_drawing_keeps_its_shape(diagram):
    diagram.resize(1200, 400)  # a short, wide dock
    area = diagram.drawing_area()
    assert area.height() == 400 and abs(area.width() / area.height() - 0.85) < 0.01
    assert area.center().x() == 600
    assert diagram.state_at(box_centre(diagram, "LISTEN")) == "LISTEN"


def test_dark_palette(qtbot, diagram):
    palette = diagram.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    diagram.setPalette(palette)
    image = diagram.grab().toImage()
    assert image.pixelColor(box_centre(diagram, "LISTEN").toPoint() + _aside()) == QColor("#202124")


def test_the_panel_follows_both_ends_on_one_machine(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    page = alice.state_panel.diagram_page
    diagram = page.diagram
    qtbot.waitUntil(
        lambda: diagram.state_of("local") == diagram.state_of("peer") == "ESTABLISHED",
        timeout=KERNEL_WAIT_MS,
    )
    alice.disconnect_button.click()
    qtbot.waitUntil(lambda: diagram.state_of("local") == "TIME_WAIT", timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: diagram.state_of("peer") == "CLOSED", timeout=KERNEL_WAIT_MS)
    assert any(t.end == "local" and t.target == "TIME_WAIT" for t in diagram.traces())
    assert page.export(str(alice.settings.file_name) + ".svg")


@pytest.mark.skipif(sys.platform not in ("linux", "darwin", "win32"), reason="no TCP_INFO")
def test_tcp_info_section_shows_the_kernels_numbers(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    section = alice.state_panel.tcp_info_section
    qtbot.waitUntil(lambda: section.rtt_label.text().endswith("ms)"), timeout=WAIT_MS)
    assert section.cwnd_label.text() != "–" and section.note.isHidden()
    alice.disconnect_button.click()
    qtbot.waitUntil(lambda: not section.note.isHidden(), timeout=WAIT_MS)
    assert section.rtt_label.text() == "–"


def test_tcp_info_section_says_when_the_system_gives_none(
    qtbot, server_window, connect_client_window, monkeypatch
):
    monkeypatch.setattr(connection_tracker, "tcp_info", lambda descriptor: None)
    alice = connect_client_window("alice")
    section = alice.state_panel.tcp_info_section
    qtbot.waitUntil(
        lambda: "not available on this system" in section.note.text().lower(), timeout=WAIT_MS
    )
    assert section.cwnd_label.text() == "–"
