"""Lab 1's page: reads as rows, the framing's messages beside them, the marked hex view."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chatapp.lab.burst import MAX_MESSAGE_BYTES, MAX_MESSAGES, MAX_TOTAL_BYTES, BurstPlan
from chatapp.lab.framing import burst_messages
from chatapp.ui.lab.hex_marks import HEADER_STYLE
from chatapp.ui.lab.sticky_packets_page import StickyPacketsPage
from chatapp.ui.lab.sticky_packets_steps import LATE_READER

WAIT_MS = 10_000


@pytest.fixture
def page(qtbot):
    page = StickyPacketsPage()
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    yield page
    page.stop()


def send(qtbot, page: StickyPacketsPage, plan: BurstPlan):
    page.set_plan(plan)
    with qtbot.waitSignal(page.burst_finished, timeout=WAIT_MS) as finished:
        assert page.send_burst()
    assert finished.args[0].error is None
    return finished.args[0]


def test_a_late_reader_gets_one_row_for_several_messages_and_framing_recovers_them(qtbot, page):
    result = send(qtbot, page, replace(LATE_READER, framing="length"))
    assert page.reads_table.rowCount() == len(result.reads) < 10
    assert page.messages_table.rowCount() == 10
    assert [frame.payload for frame in page.frames] == burst_messages(10, 12)
    assert "✔" in page.summary.text()
    page.reads_table.selectRow(0)
    assert HEADER_STYLE in page.hex_view.toHtml() or "ffc845" in page.hex_view.toHtml()
    # 00 00 00 0c: 12 in network order, 201326592 read little-endian.
    assert "00 00 00 0c" in page.byte_order.text() and "201326592" in page.byte_order.text()


def test_without_framing_the_page_says_the_messages_are_wrong(qtbot, page):
    send(qtbot, page, LATE_READER)
    assert page.messages_table.rowCount() == page.reads_table.rowCount() < 10
    assert "✘" in page.summary.text()


def test_a_large_message_shows_its_split_reads_and_one_message(qtbot, page):
    result = send(qtbot, page, BurstPlan(count=1, size=MAX_MESSAGE_BYTES, nagle=False))
    assert page.reads_table.rowCount() == len(result.reads) > 1
    assert page.messages_table.rowCount() == 1
    ended = [page.reads_table.item(row, 3).text() for row in range(len(result.reads))]
    assert ended == ["0"] * (len(ended) - 1) + ["1"]


def test_huge_counts_and_sizes_are_bounded_by_the_controls(page):
    controls = page.controls
    controls.count_spin.setValue(10**9)
    controls.size_spin.setValue(10**9)
    assert controls.size_spin.value() == MAX_MESSAGE_BYTES
    assert controls.count_spin.value() * controls.size_spin.value() <= MAX_TOTAL_BYTES
    controls.size_spin.setValue(1)
    controls.count_spin.setValue(10**9)
    assert controls.count_spin.value() == MAX_MESSAGES
    assert controls.plan().problem() is None


def test_slow_motion_stretches_the_delays_of_the_next_burst(qtbot, page):
    page.set_slow_motion(5)
    page.set_plan(BurstPlan(count=3, delay_ms=200, framing="newline"))
    assert page.send_burst()
    assert page._run is not None and page._run.plan.delay_ms == 1000
    page.stop()
    assert not page.open_sockets()


def test_stop_during_a_burst_leaves_no_socket_and_ignores_late_reads(qtbot, page):
    page.set_plan(BurstPlan(count=10, delay_ms=2000, framing="newline"))
    assert page.send_burst()
    assert page.open_sockets()
    page.stop()
    assert not page.open_sockets() and not page.running
    assert page.controls.send_button.isEnabled()


def test_receiver_on_one_page_and_sender_on_another_the_two_machine_mode(qtbot):
    receiver, sender = StickyPacketsPage(), StickyPacketsPage()
    for p in (receiver, sender):
        qtbot.addWidget(p)
        p.set_plan(BurstPlan(count=6, size=8, framing="fixed"))
    receiver.controls.role_combo.setCurrentIndex(receiver.controls.role_combo.findData("receive"))
    sender.controls.role_combo.setCurrentIndex(sender.controls.role_combo.findData("send"))
    try:
        assert receiver.send_burst()
        sender.controls.target_port_spin.setValue(receiver._run.port)
        with qtbot.waitSignal(receiver.burst_finished, timeout=WAIT_MS):
            assert sender.send_burst()
        assert [frame.payload for frame in receiver.frames] == burst_messages(6, 8)
    finally:
        receiver.stop()
        sender.stop()


def test_a_port_in_use_is_shown_as_a_sentence(qtbot, page):
    import socket

    holder = socket.create_server(("127.0.0.1", 0))
    try:
        controls = page.controls
        controls.role_combo.setCurrentIndex(controls.role_combo.findData("receive"))
        controls.listen_port_spin.setValue(holder.getsockname()[1])
        assert not page.send_burst()
        assert "Could not listen" in page.summary.text()
    finally:
        holder.close()


def test_every_step_can_be_entered(qtbot, page):
    for step in page.steps():
        assert step.title and step.text
        if step.enter is not None:
            step.enter()
        page.stop()


def test_a_hostile_header_shows_the_framings_refusal(qtbot, page):
    send(qtbot, page, replace(LATE_READER, framing="length", hostile_header=True))
    assert page.messages_table.rowCount() == 0
    assert "4294967295" in page.summary.text() and "refuses" in page.summary.text()


def test_in_slow_motion_the_reads_appear_one_by_one(qtbot, page):
    from chatapp.ui.lab.sticky_packets_page import REVEAL_MS

    page.set_slow_motion(2)
    page.set_plan(BurstPlan(count=1, size=MAX_MESSAGE_BYTES, nagle=False))
    with qtbot.waitSignal(page.burst_finished, timeout=WAIT_MS) as finished:
        page.send_burst()
        qtbot.waitUntil(lambda: not page.running)  # every socket done, within milliseconds...
        assert page._pending  # reads arrived but not shown yet
    # ...while the rows came one every 2 x REVEAL_MS
    reads = len(finished.args[0].reads)
    assert reads > 1 and page.reads_table.rowCount() == reads
    assert page._reveal_timer.interval() == 2 * REVEAL_MS
