"""The reliability layer on UDP without sockets: a simulated network loses,
copies and delays datagrams by a schedule (hypothesis draws it), and every
message still arrives exactly once, in order, at a bounded cost; hostile
datagrams are counted and dropped, and nothing grows without bound."""

from __future__ import annotations

import heapq
import itertools
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatapp.lab.reliable_udp import (
    MAX_PAYLOAD,
    LocalReliabilityError,
    ReliableReceiver,
    ReliableSender,
    RttEstimator,
    encode_ack,
    encode_data,
)

MIN_RTO = 0.02
# One-way delays stay below half the smallest timeout, so a datagram is resent only
# when one of its copies or one of their acks was really lost.
MAX_ONE_WAY = MIN_RTO / 2 - 0.001

fates = st.lists(
    st.tuples(
        st.sampled_from(["pass", "pass", "drop", "duplicate"]),
        st.floats(0.0, MAX_ONE_WAY),
        st.floats(0.0, MAX_ONE_WAY),
    ),
    max_size=120,
)


class Network:
    """Datagrams in both directions take the next fate of the schedule; once it is
    used up every datagram passes after a short delay (so each run ends)."""

    def __init__(self, schedule):
        self.schedule = list(schedule)
        self.queue: list[tuple[float, int, str, bytes]] = []
        self.order = itertools.count()
        self.dropped = 0

    def put(self, now: float, to: str, datagram: bytes) -> None:
        fate, delay, second_delay = self.schedule.pop(0) if self.schedule else ("pass", 0.001, 0)
        if fate == "drop":
            self.dropped += 1
            return
        heapq.heappush(self.queue, (now + delay, next(self.order), to, datagram))
        if fate == "duplicate":
            heapq.heappush(self.queue, (now + second_delay, next(self.order), to, datagram))


def run(sender, receiver, network, messages, *, limit_s=600.0):
    """Drive both ends until every message is acked; returns what was delivered."""
    now, delivered = 0.0, []
    for message in messages:
        sender.send(message, now)
    while not sender.all_acked and not sender.gave_up:
        for datagram in sender.datagrams_to_send():
            network.put(now, "receiver", datagram)
        for datagram in receiver.datagrams_to_send():
            network.put(now, "sender", datagram)
        deadline = sender.next_deadline()
        if network.queue and (deadline is None or network.queue[0][0] <= deadline):
            now, _, to, datagram = heapq.heappop(network.queue)
            if to == "receiver":
                delivered += [d.payload for d in receiver.receive_datagram(datagram)]
            else:
                sender.receive_datagram(datagram, now)
        elif deadline is not None:
            now = max(now, deadline)
            sender.handle_timer(now)
        assert now < limit_s, "the transfer never finished"
    return delivered


def numbered(count):
    return [f"message {i}".encode() for i in range(count)]


@settings(max_examples=150, deadline=None)
@given(schedule=fates, count=st.integers(1, 60), window=st.integers(1, 16))
def test_every_message_arrives_once_in_order_through_any_schedule(schedule, count, window):
    sender = ReliableSender(window=window, min_rto=MIN_RTO, max_retransmissions=1000)
    receiver = ReliableReceiver(window=window)
    network = Network(schedule)
    delivered = run(sender, receiver, network, numbered(count))
    assert delivered == numbered(count)
    assert not sender.gave_up
    # Each retransmission answers one lost datagram (a data copy or an ack), never a delay.
    assert sender.stats.retransmissions <= network.dropped
    assert sender.stats.data_datagrams == count + sender.stats.retransmissions
    assert receiver.held == 0


def test_a_clean_network_costs_one_datagram_and_one_ack_per_message():
    sender, receiver = ReliableSender(), ReliableReceiver()
    delivered = run(sender, receiver, Network([]), numbered(100))
    assert delivered == numbered(100)
    assert sender.stats.retransmissions == 0
    assert sender.stats.data_datagrams == 100 == receiver.stats.acks_sent
    assert sender.stats.overhead == 1.0


def test_a_lost_datagram_is_resent_after_the_timeout_and_delivered_in_order():
    sender, receiver = ReliableSender(initial_rto=0.2), ReliableReceiver()
    network = Network([("drop", 0, 0)] + [("pass", 0.001, 0)] * 10)
    delivered = run(sender, receiver, network, numbered(3))
    assert delivered == numbered(3)
    assert sender.stats.retransmissions == 1
    assert receiver.stats.out_of_order == 2  # 1 and 2 waited for the resent 0


def test_the_timeout_follows_the_measured_round_trip_and_is_capped():
    rtt = RttEstimator(initial_rto=1.0, min_rto=0.02, max_rto=2.0)
    for _ in range(20):
        rtt.sample(0.010)
    assert 0.02 <= rtt.rto < 0.05
    assert rtt.backed_off(2) == 2 * rtt.rto and rtt.backed_off(3) == 4 * rtt.rto
    assert rtt.backed_off(30) == 2.0
    rtt.sample(50.0)
    assert rtt.rto == 2.0


def test_the_sender_gives_up_after_its_retransmissions_and_stops_sending():
    sender = ReliableSender(initial_rto=0.1, max_retransmissions=3)
    sender.send(b"into the void", 0.0)
    sent = len(sender.datagrams_to_send())
    now = 0.0
    while (deadline := sender.next_deadline()) is not None:
        now = deadline
        sender.handle_timer(now)
        sent += len(sender.datagrams_to_send())
        assert now < 100
    assert sender.gave_up
    assert sent == 4 and sender.stats.retransmissions == 3
    with pytest.raises(LocalReliabilityError):
        sender.send(b"more", now)


def test_the_sender_keeps_no_more_than_its_window_in_flight():
    sender = ReliableSender(window=4)
    for message in numbered(50):
        sender.send(message, 0.0)
    assert len(sender.datagrams_to_send()) == 4 and sender.in_flight == 4
    sender.receive_datagram(encode_ack(0, 2), 0.01)  # a hole at 0 holds the window still
    assert sender.datagrams_to_send() == []
    sender.receive_datagram(encode_ack(1, 0), 0.01)
    assert len(sender.datagrams_to_send()) == 1


# --- hostile datagrams ---------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=30))
def test_any_bytes_at_either_end_are_dropped_without_an_exception(datagrams):
    sender, receiver = ReliableSender(), ReliableReceiver(window=8)
    sender.send(b"hello", 0.0)
    for datagram in datagrams:
        sender.receive_datagram(datagram, 0.01)
        receiver.receive_datagram(datagram)
    assert receiver.held <= 8


@pytest.mark.parametrize("datagram", [b"", b"D", b"D\x00\x00\x00", b"A\x00\x00\x00\x00",
                                      b"X" + bytes(8), b"D" + bytes(4 + MAX_PAYLOAD + 1)])
def test_truncated_unknown_and_oversized_datagrams_are_counted_and_ignored(datagram):
    receiver = ReliableReceiver()
    assert receiver.receive_datagram(datagram) == []
    assert receiver.stats.ignored == 1 and receiver.datagrams_to_send() == []


def test_huge_sequence_numbers_are_not_stored():
    receiver = ReliableReceiver(window=16)
    for seq in [2**32 - 1, 10**6, 17, 16, *range(1000, 3000)]:
        assert receiver.receive_datagram(encode_data(seq, b"x" * 100)) == []
    assert receiver.held == 0
    assert receiver.stats.beyond_window == 2004


def test_out_of_order_storage_is_capped_by_the_window():
    receiver = ReliableReceiver(window=16)
    for seq in range(1, 10_000):  # every one ahead of the missing 0
        receiver.receive_datagram(encode_data(seq, b"y" * MAX_PAYLOAD))
    assert receiver.held == 15
    assert [d.seq for d in receiver.receive_datagram(encode_data(0, b"y"))] == list(range(16))


def test_replayed_datagrams_are_delivered_once_and_acked_again():
    receiver = ReliableReceiver()
    first = receiver.receive_datagram(encode_data(0, b"once"))
    replays = [receiver.receive_datagram(encode_data(0, b"once")) for _ in range(100)]
    assert first == [first[0]] and all(r == [] for r in replays)
    assert receiver.stats.duplicates == 100
    acks = receiver.datagrams_to_send()
    assert len(acks) == 101 and set(acks) == {encode_ack(1, 0)}


def test_acks_for_data_never_sent_are_ignored():
    sender = ReliableSender()
    sender.send(b"only one", 0.0)
    for forged in [encode_ack(2**32 - 1, 0), encode_ack(0, 5), encode_ack(2, 1)]:
        sender.receive_datagram(forged, 0.01)
    assert sender.stats.ignored == 3 and not sender.all_acked
    sender.receive_datagram(encode_ack(1, 0), 0.02)
    assert sender.all_acked


def test_a_replayed_ack_acks_nothing_twice():
    sender = ReliableSender()
    for message in numbered(2):
        sender.send(message, 0.0)
    ack = encode_ack(1, 0)
    for _ in range(50):
        sender.receive_datagram(ack, 0.01)
    assert sender.in_flight == 1


def test_wire_format_is_network_byte_order():
    assert encode_data(258, b"hi") == b"D\x00\x00\x01\x02hi"
    assert encode_ack(1, 2) == b"A" + struct.pack(">II", 1, 2)


def test_misuse_is_our_own_error():
    with pytest.raises(LocalReliabilityError):
        ReliableSender().send(b"z" * (MAX_PAYLOAD + 1), 0.0)
    with pytest.raises(LocalReliabilityError):
        ReliableReceiver(window=0)
