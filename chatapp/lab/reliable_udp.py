"""A small reliability layer on UDP, sans-IO: what TCP does, rebuilt for the lab.

Sequence numbers, an ack for every data datagram (cumulative, plus the one
datagram it answers, so a hole does not hide what came after it), retransmission
when no ack comes within the retransmission timeout (RTO, from the measured round
trip as in RFC 6298, doubled for each unanswered copy, capped), duplicates suppressed
and delivery in order. No sockets and no clock here: the caller passes the time
and sends the datagrams it is given; the sender says when it next needs waking
(`next_deadline()`, `handle_timer(now)`, aioquic style). The driver over
QUdpSocket is reliable_udp_link.py.

Wire format (big-endian, "network byte order"):
    DATA  b"D" + seq (u32) + payload (at most MAX_PAYLOAD bytes)
    ACK   b"A" + cumulative (u32: every seq below it has arrived) + seq (u32: this one did)

Datagrams come from anyone: a malformed one, an ack for data never sent, a
replay or a sequence number far ahead is counted and dropped, never raised. The
receiver keeps at most `window` datagrams that arrived ahead of a hole.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

DATA = b"D"
ACK = b"A"
_SEQ = struct.Struct("!I")
_ACK = struct.Struct("!II")
MAX_SEQ = 2**32 - 1  # the lab sends thousands, so numbers never wrap: the sender stops first
MAX_PAYLOAD = 1200  # fits one Ethernet frame with the IP and UDP headers
DEFAULT_WINDOW = 32  # datagrams in flight; the receiver holds at most as many out of order

INITIAL_RTO = 0.25  # before any round trip is measured (RFC 6298 says 1 s; loopback is fast)
MIN_RTO = 0.02
MAX_RTO = 2.0
CLOCK_GRANULARITY = 0.005
MAX_RETRANSMISSIONS = 15  # of one datagram, before the sender gives up


class LocalReliabilityError(Exception):
    """Our own bug: the caller used the layer wrongly (too big, too many, after giving up)."""


@dataclass(frozen=True)
class Delivered:
    seq: int
    payload: bytes


@dataclass
class SenderStats:
    messages: int = 0  # handed to send()
    data_datagrams: int = 0  # every data datagram put on the wire, retransmissions included
    retransmissions: int = 0
    acks_received: int = 0
    ignored: int = 0  # malformed, or acking what was never sent

    @property
    def overhead(self) -> float:
        """Datagrams on the wire per message (1.0 = no cost; acks not counted)."""
        return self.data_datagrams / self.messages if self.messages else 0.0


@dataclass
class ReceiverStats:
    data_datagrams: int = 0  # well-formed data datagrams that arrived
    delivered: int = 0
    duplicates: int = 0  # arrived again after it had arrived once (replays, retransmissions)
    out_of_order: int = 0  # arrived ahead of a hole and waited
    beyond_window: int = 0  # too far ahead to hold: dropped, the sender will resend
    acks_sent: int = 0
    ignored: int = 0  # malformed datagrams


def encode_data(seq: int, payload: bytes) -> bytes:
    return DATA + _SEQ.pack(seq) + payload


def encode_ack(cumulative: int, seq: int) -> bytes:
    return ACK + _ACK.pack(cumulative, seq)


@dataclass
class _InFlight:
    payload: bytes
    sent_at: float
    deadline: float
    transmissions: int = 1


@dataclass
class RttEstimator:
    """RFC 6298: a smoothed round trip and its variation give the timeout."""

    initial_rto: float = INITIAL_RTO
    min_rto: float = MIN_RTO
    max_rto: float = MAX_RTO
    srtt: float | None = None
    rttvar: float = 0.0
    rto: float = field(init=False)

    def __post_init__(self) -> None:
        self.rto = self.initial_rto

    def sample(self, rtt: float) -> None:
        rtt = max(rtt, 0.0)
        if self.srtt is None:
            self.srtt, self.rttvar = rtt, rtt / 2
        else:
            self.rttvar = 0.75 * self.rttvar + 0.25 * abs(self.srtt - rtt)
            self.srtt = 0.875 * self.srtt + 0.125 * rtt
        self._set(self.srtt + max(CLOCK_GRANULARITY, 4 * self.rttvar))

    def backed_off(self, transmissions: int) -> float:
        """The timeout of a datagram's next copy: doubled for each copy already sent
        unanswered (the path may be slower than measured), capped. Each datagram backs
        off on its own: one old loss does not slow the resending of fresh ones."""
        return min(self.rto * 2 ** (transmissions - 1), self.max_rto)

    def _set(self, rto: float) -> None:
        self.rto = min(max(rto, self.min_rto), self.max_rto)


class ReliableSender:
    """Numbers messages, keeps each until acked, resends it when its timeout passes."""

    def __init__(
        self,
        *,
        window: int = DEFAULT_WINDOW,
        initial_rto: float = INITIAL_RTO,
        min_rto: float = MIN_RTO,
        max_rto: float = MAX_RTO,
        max_retransmissions: int = MAX_RETRANSMISSIONS,
    ) -> None:
        if window < 1:
            raise LocalReliabilityError("the window holds at least one datagram")
        self.window = window
        self.max_retransmissions = max_retransmissions
        self.rtt = RttEstimator(initial_rto, min_rto, max_rto)
        self.stats = SenderStats()
        self.gave_up = False  # a datagram went unacked through every retransmission
        self._next_seq = 0
        self._queued: list[bytes] = []  # waiting for room in the window
        self._in_flight: dict[int, _InFlight] = {}
        self._outgoing: list[bytes] = []

    @property
    def all_acked(self) -> bool:
        return not self._queued and not self._in_flight

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def send(self, payload: bytes, now: float) -> int:
        """Queue one message; returns its sequence number."""
        if self.gave_up:
            raise LocalReliabilityError("the sender gave up; make a new one")
        if len(payload) > MAX_PAYLOAD:
            raise LocalReliabilityError(f"a message holds at most {MAX_PAYLOAD} bytes")
        seq = self._next_seq + len(self._queued)
        if seq > MAX_SEQ:
            raise LocalReliabilityError("out of sequence numbers")
        self._queued.append(payload)
        self.stats.messages += 1
        self._fill_window(now)
        return seq

    def datagrams_to_send(self) -> list[bytes]:
        out, self._outgoing = self._outgoing, []
        return out

    def receive_datagram(self, data: bytes, now: float) -> None:
        """An ack from the receiver (or anything else that reached our socket)."""
        if len(data) != 1 + _ACK.size or data[:1] != ACK:
            self.stats.ignored += 1
            return
        cumulative, seq = _ACK.unpack_from(data, 1)
        if cumulative > self._next_seq or seq >= self._next_seq:
            self.stats.ignored += 1  # acks data never sent: forged or from another run
            return
        self.stats.acks_received += 1
        acked = {s for s in self._in_flight if s < cumulative}
        if seq in self._in_flight:
            acked.add(seq)
        for s in acked:
            flight = self._in_flight.pop(s)
            if flight.transmissions == 1:
                # Karn: the ack of a resent datagram may answer either copy, so it measures nothing.
                self.rtt.sample(now - flight.sent_at)
        self._fill_window(now)

    def next_deadline(self) -> float | None:
        if self.gave_up or not self._in_flight:
            return None
        return min(flight.deadline for flight in self._in_flight.values())

    def handle_timer(self, now: float) -> None:
        expired = sorted(s for s, f in self._in_flight.items() if f.deadline <= now)
        if not expired or self.gave_up:
            return
        for seq in expired:
            flight = self._in_flight[seq]
            if flight.transmissions - 1 >= self.max_retransmissions:
                self.gave_up = True
                self._outgoing.clear()
                return
            flight.transmissions += 1
            flight.sent_at, flight.deadline = now, now + self.rtt.backed_off(flight.transmissions)
            self.stats.retransmissions += 1
            self._put_on_wire(seq, flight.payload)

    def _fill_window(self, now: float) -> None:
        while self._queued:
            # The window slides past acked numbers only: an old hole keeps new data waiting,
            # so nothing sent is ever beyond what the receiver holds.
            if self._in_flight and self._next_seq - min(self._in_flight) >= self.window:
                return
            seq, payload = self._next_seq, self._queued.pop(0)
            self._next_seq += 1
            self._in_flight[seq] = _InFlight(payload, now, now + self.rtt.rto)
            self._put_on_wire(seq, payload)

    def _put_on_wire(self, seq: int, payload: bytes) -> None:
        self._outgoing.append(encode_data(seq, payload))
        self.stats.data_datagrams += 1


class ReliableReceiver:
    """Acks every data datagram, drops copies, hands messages over in order."""

    def __init__(self, *, window: int = DEFAULT_WINDOW) -> None:
        if window < 1:
            raise LocalReliabilityError("the window holds at least one datagram")
        self.window = window
        self.stats = ReceiverStats()
        self.expected = 0  # every seq below it has been delivered
        self._held: dict[int, bytes] = {}  # arrived ahead of a hole, at most `window`
        self._outgoing: list[bytes] = []

    @property
    def held(self) -> int:
        return len(self._held)

    def datagrams_to_send(self) -> list[bytes]:
        out, self._outgoing = self._outgoing, []
        return out

    def receive_datagram(self, data: bytes) -> list[Delivered]:
        """One datagram from the network; returns the messages now deliverable, in order."""
        if not 1 + _SEQ.size <= len(data) <= 1 + _SEQ.size + MAX_PAYLOAD or data[:1] != DATA:
            self.stats.ignored += 1
            return []
        (seq,) = _SEQ.unpack_from(data, 1)
        payload = data[1 + _SEQ.size:]
        self.stats.data_datagrams += 1
        if seq >= self.expected + self.window:
            # An honest sender never gets this far ahead (its window is no larger): unacked,
            # it costs nothing to hold, and a genuine one is resent.
            self.stats.beyond_window += 1
            return []
        if seq < self.expected or seq in self._held:
            self.stats.duplicates += 1
            self._ack(seq)  # its first ack may have been lost: say it again
            return []
        self._held[seq] = payload
        if seq != self.expected:
            self.stats.out_of_order += 1
        delivered = []
        while self.expected in self._held:
            delivered.append(Delivered(self.expected, self._held.pop(self.expected)))
            self.expected += 1
        self.stats.delivered += len(delivered)
        self._ack(seq)
        return delivered

    def _ack(self, seq: int) -> None:
        self._outgoing.append(encode_ack(self.expected, seq))
        self.stats.acks_sent += 1
