"""The beacon's announcer and listener on loopback only (interfaces ["lo"]):
lo cannot multicast, so these prove the broadcast (127.255.255.255) and
unicast-answer paths; the multicast path is proven between test hosts
(tests/lan/test_beacon_hosts.py)."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from net_support import LOOPBACK, WAIT_MS

from chatapp.net.beacon import BeaconAnnouncer, BeaconListener
from chatapp.protocol.advert import ServerAdvert
from chatapp.protocol.beacon import encode_advert, encode_find, encode_goodbye

ADVERT = ServerAdvert("a1b2c3d4", "Room one", 2000, "0.6.0", 3, True, "ab" * 32)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@pytest.fixture
def port():
    return free_udp_port()


@pytest.fixture
def endpoints(qtbot):
    made = []

    def make(kind, *args, **kwargs):
        endpoint = kind(*args, **kwargs)
        made.append(endpoint)
        return endpoint

    yield make
    for endpoint in made:
        endpoint.stop()


def send_raw(data: bytes, port: int, source: str = LOOPBACK) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        raw.bind((source, 0))
        raw.sendto(data, (LOOPBACK, port))


def test_an_announced_server_is_heard_by_broadcast_on_loopback(qtbot, endpoints, port):
    listener = endpoints(BeaconListener, ["lo"], port)
    assert listener.start()
    announcer = endpoints(BeaconAnnouncer, lambda: ADVERT, ["lo"], port)
    with qtbot.waitSignal(listener.advert_heard, timeout=WAIT_MS) as heard:
        assert announcer.start()
    found = heard.args[0]
    assert found.advert == ADVERT and found.via == "beacon" and found.host == LOOPBACK


def test_a_find_is_answered_to_the_requester_alone(qtbot, endpoints, port):
    announcer = endpoints(BeaconAnnouncer, lambda: ADVERT, ["lo"], port)
    assert announcer.start()
    qtbot.wait(50)  # its start-up advert is out of the way
    answers = []
    announcer.datagram_seen.connect(lambda *args: answers.append(args))
    listener = endpoints(BeaconListener, ["lo"], port)
    with qtbot.waitSignal(listener.advert_heard, timeout=WAIT_MS):
        listener.start()  # start() asks at once
    answered = [args for args in answers if args[0] == "sent" and "answer" in args[3]]
    assert answered
    assert answered[0][1].startswith(f"{LOOPBACK}:")  # unicast to the asker, not broadcast


def test_goodbye_at_stop_makes_the_server_lost(qtbot, endpoints, port):
    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    announcer = endpoints(BeaconAnnouncer, lambda: ADVERT, ["lo"], port)
    with qtbot.waitSignal(listener.advert_heard, timeout=WAIT_MS):
        announcer.start()
    with qtbot.waitSignal(listener.advert_lost, timeout=WAIT_MS) as lost:
        announcer.stop()
    assert lost.args == [ADVERT.server_id]


def test_a_goodbye_from_another_address_is_ignored(qtbot, endpoints, port):
    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    with qtbot.waitSignal(listener.advert_heard, timeout=WAIT_MS):
        send_raw(encode_advert(ADVERT), port, source="127.0.0.1")
    with qtbot.assertNotEmitted(listener.advert_lost, wait=300):
        send_raw(encode_goodbye(ADVERT.server_id), port, source="127.0.0.2")
    with qtbot.waitSignal(listener.advert_lost, timeout=WAIT_MS):
        send_raw(encode_goodbye(ADVERT.server_id), port, source="127.0.0.1")


def test_a_server_is_lost_when_its_advert_runs_out(qtbot, endpoints, port):
    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    with qtbot.waitSignal(listener.advert_heard, timeout=WAIT_MS):
        send_raw(encode_advert(ADVERT, valid_s=3), port)
    with qtbot.waitSignal(listener.advert_lost, timeout=WAIT_MS) as lost:
        pass
    assert lost.args == [ADVERT.server_id]


def test_two_announcers_are_told_apart_by_id(qtbot, endpoints, port):
    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    ids = set()
    listener.advert_heard.connect(lambda found: ids.add(found.advert.server_id))
    second = replace(ADVERT, server_id="ffff0000", name="Room two")
    endpoints(BeaconAnnouncer, lambda: ADVERT, ["lo"], port).start()
    endpoints(BeaconAnnouncer, lambda: second, ["lo"], port).start()
    qtbot.waitUntil(lambda: ids == {"a1b2c3d4", "ffff0000"}, timeout=WAIT_MS)


def test_garbage_huge_and_flooded_datagrams_leave_the_listener_working(qtbot, endpoints, port):
    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    seen = []
    listener.datagram_seen.connect(lambda *args: seen.append(args))
    heard = []
    listener.advert_heard.connect(heard.append)
    for garbage in (b"", b"\xff\xfe", b"{", b"[]", b'{"chatapp":"beacon","v":1}', b"x" * 60000):
        send_raw(garbage, port)
    for _ in range(500):
        send_raw(b'{"chatapp":"beacon","v":1,"type":"advert","port":"x"}', port)
    # The flood may have filled the socket's receive buffer (datagrams are
    # dropped then, as UDP may): the advert is repeated until heard, as servers do.
    qtbot.waitUntil(lambda: bool(heard) or bool(send_raw(encode_advert(ADVERT), port)),
                    timeout=WAIT_MS)
    assert any("60000 bytes" in args[3] for args in seen)
    # The event log is spared the flood: reports are rate limited and counted.
    assert len(seen) < 100


def test_many_fake_servers_are_remembered_up_to_the_cap(qtbot, endpoints, port):
    from chatapp.protocol.beacon_state import MAX_SERVERS_REMEMBERED

    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    heard = []
    listener.advert_heard.connect(heard.append)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        for number in range(MAX_SERVERS_REMEMBERED + 50):
            fake = replace(ADVERT, server_id=f"{number:08x}")
            raw.sendto(encode_advert(fake), (LOOPBACK, port))
            if number % 64 == 0:
                qtbot.wait(5)  # the kernel's receive buffer is not the thing tested
    qtbot.waitUntil(lambda: len(heard) >= MAX_SERVERS_REMEMBERED, timeout=WAIT_MS)
    qtbot.wait(100)
    assert len(heard) == MAX_SERVERS_REMEMBERED


def test_finds_beyond_the_rate_are_not_answered(qtbot, endpoints, port):
    announcer = endpoints(BeaconAnnouncer, lambda: ADVERT, ["lo"], port)
    announcer.start()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as asker:
        asker.bind((LOOPBACK, 0))
        asker.settimeout(0.2)
        for _ in range(50):
            asker.sendto(encode_find(), (LOOPBACK, port))
        answers = 0
        qtbot.wait(300)
        try:
            while True:
                answers += len(asker.recv(2048)) > 0
        except TimeoutError:
            pass
    assert 1 <= answers <= 3  # one requester's burst


def test_a_short_find_is_not_answered(qtbot, endpoints, port):
    announcer = endpoints(BeaconAnnouncer, lambda: ADVERT, ["lo"], port)
    announcer.start()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as asker:
        asker.bind((LOOPBACK, 0))
        asker.settimeout(0.3)
        asker.sendto(b'{"chatapp":"beacon","v":1,"type":"find"}', (LOOPBACK, port))
        qtbot.wait(300)
        with pytest.raises(TimeoutError):
            asker.recv(2048)


def test_a_changed_advert_is_sent_again_soon(qtbot, endpoints, port):
    users = {"count": 1}
    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    announcer = endpoints(BeaconAnnouncer, lambda: replace(ADVERT, users=users["count"]),
                          ["lo"], port)
    announcer.start()
    qtbot.wait(4500)  # past the start-up adverts: the next one is 30 s away
    users["count"] = 7
    with qtbot.waitSignal(listener.advert_heard, timeout=1500,
                          check_params_cb=lambda found: found.advert.users == 7):
        announcer.advert_changed()


def test_a_socket_error_is_logged_and_listening_goes_on(qtbot, endpoints, port):
    from PySide6.QtNetwork import QAbstractSocket

    listener = endpoints(BeaconListener, ["lo"], port)
    listener.start()
    # What Windows reports on the next read after an ICMP "port unreachable".
    listener.receiver.errorOccurred.emit(QAbstractSocket.SocketError.ConnectionRefusedError)
    with qtbot.waitSignal(listener.advert_heard, timeout=WAIT_MS):
        send_raw(encode_advert(ADVERT), port)


def test_requests_are_sent_at_most_every_half_second(qtbot, endpoints, port):
    listener = endpoints(BeaconListener, ["lo"], port)
    sent = []
    listener.datagram_seen.connect(lambda *args: sent.append(args) if args[0] == "sent" else None)
    listener.start()
    for _ in range(20):
        listener.request()
    assert len(sent) == 1  # lo: broadcast only, once
    qtbot.wait(600)
    listener.request()
    assert len(sent) == 2


def test_a_port_that_cannot_be_bound_is_said_in_a_sentence(qtbot, endpoints):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("0.0.0.0", 0))  # no SO_REUSEADDR: nobody may share it
        taken = holder.getsockname()[1]
        listener = endpoints(BeaconListener, ["lo"], taken)
        with qtbot.waitSignal(listener.failed, timeout=WAIT_MS) as failed:
            assert not listener.start()
    assert str(taken) in failed.args[0] and not listener.running
