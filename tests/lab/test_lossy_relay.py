"""The lossy relay and lab 4's scenario on real loopback sockets: with no loss
everything passes; with a seed and 10 % loss plain UDP delivers fewer than
sent while TCP and the reliability layer deliver all; duplication, reordering
and delay do what they say; hostile input is counted, not kept."""

from __future__ import annotations

import time

import pytest
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket, QUdpSocket
from shared_support import LOOPBACK, WAIT_MS

from chatapp.lab.arrival_log import ArrivalLog, Mark, message_number, numbered_message
from chatapp.lab.lossy_relay import BACK, FORWARD, Dice, Impairments, TcpDelayRelay, UdpLossyRelay
from chatapp.lab.reliable_udp import encode_data
from chatapp.lab.tcp_vs_udp import TcpVsUdpRun
from chatapp.lab.transport_receivers import RELIABLE, TCP, UDP, LabReceivers
from chatapp.lab.transport_senders import SendPlan
from chatapp.net.socket_errors import NetError


class Endpoint:
    """A UDP socket on loopback that keeps what it receives, with its sender."""

    def __init__(self):
        self.socket = QUdpSocket()
        assert self.socket.bind(QHostAddress(LOOPBACK), 0)
        self.port = self.socket.localPort()
        self.received: list[tuple[bytes, int]] = []
        self.socket.readyRead.connect(self._read)

    def _read(self):
        while self.socket.hasPendingDatagrams():
            datagram = self.socket.receiveDatagram(65535)
            self.received.append((bytes(datagram.data().data()), datagram.senderPort()))

    def send(self, data: bytes, port: int):
        self.socket.writeDatagram(data, QHostAddress(LOOPBACK), port)


@pytest.fixture
def make_relay(qtbot):
    relays = []

    def make(target_port, **impairments):
        relay = UdpLossyRelay(LOOPBACK, target_port, Impairments(**impairments))
        relay.start()
        relays.append(relay)
        return relay

    yield make
    for relay in relays:
        relay.stop()


@pytest.fixture
def run_lab(qtbot):
    runs = []

    def run(count=40, interval_ms=1.0, **impairments):
        lab = TcpVsUdpRun(SendPlan(count, interval_ms, Impairments(**impairments)))
        runs.append(lab)
        lab.start()
        qtbot.waitUntil(lambda: lab.is_finished, timeout=WAIT_MS)
        return lab

    yield run
    for lab in runs:
        lab.stop()


def test_the_dice_repeat_a_run_with_the_same_seed():
    settings = Impairments(loss_percent=30, duplicate_percent=20, reorder_percent=20, seed=7)
    first, second = Dice(settings), Dice(settings)
    fates = [first.copies() for _ in range(200)]
    assert fates == [second.copies() for _ in range(200)]
    assert 30 < sum(1 for f in fates if not f) < 90  # about 60 of 200 lost
    assert any(len(f) == 2 for f in fates)


def test_without_loss_every_datagram_passes_intact(qtbot, make_relay):
    sender, receiver = Endpoint(), Endpoint()
    relay = make_relay(receiver.port)
    datagrams = [numbered_message(n) for n in range(50)] + [bytes(60_000)]
    for datagram in datagrams:
        sender.send(datagram, relay.port)
    qtbot.waitUntil(lambda: len(receiver.received) == len(datagrams), timeout=WAIT_MS)
    assert sorted(d for d, _ in receiver.received) == sorted(datagrams)
    assert {port for _, port in receiver.received} == {relay.port}  # the relay, not the sender
    assert relay.counts == {(FORWARD, "passed"): 51}


def test_replies_go_back_to_the_sender_through_the_relay(qtbot, make_relay):
    sender, receiver = Endpoint(), Endpoint()
    relay = make_relay(receiver.port)
    sender.send(b"ping", relay.port)
    qtbot.waitUntil(lambda: bool(receiver.received), timeout=WAIT_MS)
    receiver.send(b"pong", relay.port)
    qtbot.waitUntil(lambda: bool(sender.received), timeout=WAIT_MS)
    assert sender.received == [(b"pong", relay.port)]
    assert relay.counts[BACK, "passed"] == 1


def test_duplication_sends_each_datagram_twice(qtbot, make_relay):
    sender, receiver = Endpoint(), Endpoint()
    relay = make_relay(receiver.port, duplicate_percent=100, seed=1)
    for n in range(10):
        sender.send(numbered_message(n), relay.port)
    qtbot.waitUntil(lambda: len(receiver.received) == 20, timeout=WAIT_MS)
    assert sorted(d for d, _ in receiver.received) == sorted(numbered_message(n)
                                                               for n in range(10) for _ in "ab")


def test_holding_datagrams_back_reorders_them(qtbot, make_relay):
    sender, receiver = Endpoint(), Endpoint()
    relay = make_relay(receiver.port, reorder_percent=50, reorder_extra_ms=40, seed=2)
    for n in range(30):
        sender.send(numbered_message(n), relay.port)
    qtbot.waitUntil(lambda: len(receiver.received) == 30, timeout=WAIT_MS)
    order = [message_number(d) for d, _ in receiver.received]
    assert sorted(order) == list(range(30)) and order != list(range(30))


def test_the_delay_holds_every_datagram_that_long(qtbot, make_relay):
    sender, receiver = Endpoint(), Endpoint()
    relay = make_relay(receiver.port, delay_ms=150)
    started = time.monotonic()
    sender.send(b"late", relay.port)
    qtbot.waitUntil(lambda: bool(receiver.received), timeout=WAIT_MS)
    assert time.monotonic() - started >= 0.15


def test_the_tcp_relay_delays_bytes_but_keeps_them_all_in_order(qtbot):
    server = QTcpServer()
    assert server.listen(QHostAddress(LOOPBACK), 0)
    relay = TcpDelayRelay(LOOPBACK, server.serverPort(), delay_ms=100)
    relay.start()
    client = QTcpSocket()
    client.connectToHost(LOOPBACK, relay.port)
    assert client.waitForConnected(WAIT_MS)
    started = time.monotonic()
    for n in range(100):
        client.write(numbered_message(n) + b"\n")
    qtbot.waitUntil(server.hasPendingConnections, timeout=WAIT_MS)
    accepted, received = server.nextPendingConnection(), bytearray()
    accepted.readyRead.connect(lambda: received.extend(accepted.readAll().data()))
    expected = b"".join(numbered_message(n) + b"\n" for n in range(100))
    qtbot.waitUntil(lambda: bytes(received) == expected, timeout=WAIT_MS)
    assert time.monotonic() - started >= 0.1
    relay.stop()
    server.close()


def test_the_tcp_relay_says_when_the_receiver_cannot_be_reached(qtbot):
    closed = QTcpServer()
    assert closed.listen(QHostAddress(LOOPBACK), 0)
    port = closed.serverPort()
    closed.close()  # nothing listens there now
    relay = TcpDelayRelay(LOOPBACK, port, delay_ms=0)
    relay.start()
    client = QTcpSocket()
    with qtbot.waitSignal(relay.failed, timeout=WAIT_MS) as failure:
        client.connectToHost(LOOPBACK, relay.port)
    assert "refused" in failure.args[0]
    relay.stop()


# --- the lab's scenario: what a student should see ------------------------------------


def test_with_no_loss_every_path_delivers_everything_in_order(run_lab):
    lab = run_lab(count=30)
    for path in (TCP, UDP, RELIABLE):
        counters = lab.counters(path)
        assert counters.delivered == 30 and counters.lost == 0
    assert lab.counters(RELIABLE).retransmitted == 0
    assert lab.counters(RELIABLE).on_wire == 30


def test_through_ten_percent_loss_udp_delivers_fewer_and_the_reliability_layer_all(run_lab):
    lab = run_lab(count=60, loss_percent=10, seed=4)
    udp, reliable, tcp = (lab.counters(path) for path in (UDP, RELIABLE, TCP))
    assert udp.delivered < udp.sent == 60 and udp.lost == 60 - udp.delivered
    assert reliable.delivered == 60 and reliable.lost == 0
    assert reliable.retransmitted > 0 and reliable.on_wire > 60  # what reliability costs
    assert tcp.delivered == 60  # TCP hides loss: nothing here could drop its segments
    reliable_log = lab.receivers.logs[RELIABLE]
    assert [a.number for a in reliable_log.arrivals] == list(range(60))


def test_duplicates_and_reordering_reach_udp_programs_but_not_reliable_ones(run_lab):
    lab = run_lab(count=40, duplicate_percent=30, reorder_percent=30, seed=5)
    udp_log, reliable_log = lab.receivers.logs[UDP], lab.receivers.logs[RELIABLE]
    assert udp_log.count(Mark.DUPLICATE) > 0 and udp_log.count(Mark.OUT_OF_ORDER) > 0
    assert {a.mark for a in reliable_log.arrivals} == {Mark.IN_ORDER}
    assert lab.counters(RELIABLE).duplicated > 0  # copies the layer threw away


# --- hostile input at the receivers ----------------------------------------------------


def test_the_receivers_count_strangers_and_keep_no_endless_line(qtbot):
    receivers = LabReceivers(expected=5)
    tcp_port, udp_port, reliable_port = receivers.start(LOOPBACK)
    stranger = Endpoint()
    for junk in (b"", b"\xff" * 1000, b"message -1", b"message 99999999999",
                 numbered_message(5)):  # one never sent: only 0 to 4 are
        stranger.send(junk, udp_port)
    stranger.send(numbered_message(3), udp_port)
    qtbot.waitUntil(lambda: receivers.logs[UDP].delivered == 1, timeout=WAIT_MS)
    assert receivers.logs[UDP].unreadable == 5
    client = QTcpSocket()
    client.connectToHost(LOOPBACK, tcp_port)
    client.write(b"x" * 100_000)  # no newline, ever
    qtbot.waitUntil(lambda: receivers.logs[TCP].unreadable > 0, timeout=WAIT_MS)
    assert all(len(rest) <= 64 for rest in receivers._tcp_buffers.values())
    receivers.stop()


def test_a_second_sender_cannot_break_into_a_reliable_stream(qtbot):
    receivers = LabReceivers(expected=3)
    _tcp, _udp, reliable_port = receivers.start(LOOPBACK)
    first, stranger = Endpoint(), Endpoint()
    first.send(encode_data(0, numbered_message(0)), reliable_port)
    qtbot.waitUntil(lambda: bool(first.received), timeout=WAIT_MS)  # its ack
    stranger.send(encode_data(1, numbered_message(1)), reliable_port)
    stranger.send(b"A" + bytes(8), reliable_port)
    first.send(encode_data(1, numbered_message(1)), reliable_port)
    qtbot.waitUntil(lambda: receivers.logs[RELIABLE].delivered == 2, timeout=WAIT_MS)
    assert receivers.reliable.layer.stats.ignored == 2
    assert stranger.received == []
    receivers.stop()


def test_an_address_that_is_not_one_is_a_sentence():
    receivers = LabReceivers()
    with pytest.raises(NetError, match="not an IP address"):
        receivers.start("chat.example")


def test_a_forged_huge_number_leaves_no_endless_list_of_gaps():
    assert message_number(b"message 999999999") is None
    log = ArrivalLog()  # another machine sends: how many is not known
    log.add(message_number(numbered_message(9_999)), 0.0)
    assert len(log.missing()) == 9_999


def test_the_arrival_log_marks_each_arrival():
    log = ArrivalLog(expected=5)
    marks = [log.add(n, 0.0).mark for n in (0, 2, 1, 2, 4)]
    assert marks == [Mark.IN_ORDER, Mark.IN_ORDER, Mark.OUT_OF_ORDER, Mark.DUPLICATE,
                     Mark.IN_ORDER]
    assert log.missing() == [3] and log.delivered == 4 and not log.complete


def test_tcp_messages_split_anywhere_are_recovered_by_their_newlines(qtbot):
    receivers = LabReceivers(expected=3)
    tcp_port, _udp, _reliable = receivers.start(LOOPBACK)
    client = QTcpSocket()
    client.connectToHost(LOOPBACK, tcp_port)
    assert client.waitForConnected(WAIT_MS)
    stream = b"".join(numbered_message(n) + b"\n" for n in range(3))
    for byte in stream:  # one byte a write, each flushed on its own
        client.write(bytes([byte]))
        client.flush()
    qtbot.waitUntil(lambda: receivers.logs[TCP].complete, timeout=WAIT_MS)
    assert [a.number for a in receivers.logs[TCP].arrivals] == [0, 1, 2]
    assert receivers.logs[TCP].unreadable == 0
    receivers.stop()
