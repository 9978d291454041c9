"""The sticky-packets scenario on real loopback sockets: what a student should see."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from chatapp.lab.burst import (
    MAX_MESSAGE_BYTES,
    MAX_MESSAGES,
    MAX_TOTAL_BYTES,
    READ_SIZE,
    BurstPlan,
    BurstRun,
)
from chatapp.lab.framing import burst_messages, decode_reads, make_framer

LOOPBACK = "127.0.0.1"
WAIT_S = 10


def run(plan: BurstPlan, **kwargs) -> BurstRun:
    burst = BurstRun(plan, **kwargs)
    assert burst.start() is None
    assert burst.wait(WAIT_S), "the burst did not finish"
    assert burst.result.error is None
    return burst


def recovered(plan: BurstPlan, burst: BurstRun) -> list[bytes]:
    framer = make_framer(plan.framing, plan.size)
    decoding = decode_reads(framer, [read.data for read in burst.result.reads])
    assert decoding.error is None
    return [frame.payload for frame in decoding.frames]


def test_with_nagle_on_a_burst_arrives_in_fewer_reads_than_messages():
    # The receiver reads only once the whole burst waits in its buffer: deterministic merging.
    plan = BurstPlan(count=20, size=12, nagle=True, read_when_all_arrived=True, framing="none")
    burst = run(plan)
    assert 1 <= len(burst.result.reads) < plan.count
    assert b"".join(read.data for read in burst.result.reads) == b"".join(
        burst_messages(20, 12)
    )


def test_with_nagle_off_paced_sends_and_a_waiting_reader_each_read_is_one_message():
    plan = BurstPlan(count=5, size=12, delay_ms=150, nagle=False, framing="none")
    burst = run(plan)
    assert [read.data for read in burst.result.reads] == burst_messages(5, 12)


@pytest.mark.parametrize("framing", ["newline", "length", "fixed"])
def test_each_framing_recovers_exactly_the_messages_from_the_merged_reads(framing):
    plan = BurstPlan(count=30, size=10, read_when_all_arrived=True, framing=framing)
    burst = run(plan)
    assert len(burst.result.reads) < plan.count  # merged...
    assert recovered(plan, burst) == burst_messages(30, 10)  # ...and recovered all the same


def test_a_large_message_arrives_in_several_reads_and_the_framing_reassembles_it():
    plan = BurstPlan(count=1, size=MAX_MESSAGE_BYTES, nagle=False, framing="length")
    burst = run(plan)
    sizes = [len(read.data) for read in burst.result.reads]
    assert len(sizes) > 1 and max(sizes) <= READ_SIZE
    assert recovered(plan, burst) == burst_messages(1, MAX_MESSAGE_BYTES)
    offsets = [read.offset for read in burst.result.reads]
    assert offsets == [sum(sizes[:i]) for i in range(len(sizes))]


def test_receiver_here_and_sender_there_is_the_two_machine_mode_on_loopback():
    plan = BurstPlan(count=8, size=6, framing="newline")
    receiver = BurstRun(plan, role="receive", listen=(LOOPBACK, 0))
    assert receiver.start() is None
    sender = run(plan, role="send", target=(LOOPBACK, receiver.port))
    assert receiver.wait(WAIT_S)
    assert sender.result.sent == 8
    assert recovered(plan, receiver) == burst_messages(8, 6)


@pytest.mark.parametrize(
    "plan",
    [
        BurstPlan(count=MAX_MESSAGES + 1),
        BurstPlan(count=0),
        BurstPlan(size=MAX_MESSAGE_BYTES + 1, count=1),
        BurstPlan(count=MAX_MESSAGES, size=MAX_TOTAL_BYTES // MAX_MESSAGES + 1),
        BurstPlan(delay_ms=10**9),
        BurstPlan(pause_ms=-1),
    ],
)
def test_a_huge_or_impossible_burst_is_refused_with_a_sentence(plan):
    assert plan.problem()
    with pytest.raises(ValueError):
        BurstRun(plan)


def test_stop_ends_a_slow_burst_at_once_and_leaves_no_thread():
    before = set(threading.enumerate())
    burst = BurstRun(BurstPlan(count=10, delay_ms=2000, pause_ms=5000))
    assert burst.start() is None
    started = time.monotonic()
    burst.stop()
    assert burst.finished
    assert time.monotonic() - started < 1.5
    assert set(threading.enumerate()) <= before
    assert burst.result.error is None  # stopping is not a failure


def test_a_port_in_use_is_a_sentence_not_a_traceback():
    holder = socket.create_server((LOOPBACK, 0))
    try:
        port = holder.getsockname()[1]
        burst = BurstRun(BurstPlan(), role="receive", listen=(LOOPBACK, port))
        sentence = burst.start()
        assert sentence and sentence.startswith(f"Could not listen on {LOOPBACK} port {port}")
    finally:
        holder.close()


def test_nobody_listening_is_a_sentence():
    holder = socket.create_server((LOOPBACK, 0))
    port = holder.getsockname()[1]
    holder.close()
    burst = BurstRun(BurstPlan(), role="send", target=(LOOPBACK, port))
    assert burst.start() is None
    assert burst.wait(WAIT_S)
    assert burst.result.error and burst.result.error.startswith(f"Could not connect to {LOOPBACK}")


def test_slow_motion_stretches_the_labs_own_delays_only():
    plan = BurstPlan(delay_ms=100, pause_ms=40).slowed(5)
    assert (plan.delay_ms, plan.pause_ms) == (500, 200)


def test_a_hostile_sender_is_refused_by_the_length_framing_with_a_sentence():
    plan = BurstPlan(count=5, size=8, read_when_all_arrived=True, framing="length",
                     hostile_header=True)
    burst = run(plan)
    assert burst.result.sent == 5 and burst.result.sent_bytes == plan.wire_size() == 4 + 5 * 12
    decoding = decode_reads(make_framer("length", 8), [r.data for r in burst.result.reads])
    assert decoding.frames == [] and "4294967295" in decoding.error
