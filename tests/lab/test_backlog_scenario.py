"""The accept-backlog scenario on loopback: a full backlog holds connections before accept."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import pytest

from chatapp.lab.backlog import MAX_CLIENTS, BacklogLab, Stage
from chatapp.lab.kernel_sockets import kernel_sockets, parse_proc_net_tcp

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Linux holds backlog + 1 and drops SYNs"
)
WAIT_S = 5.0
STILL_WAITING_S = 0.6  # under the first SYN retransmission (1 s)


def wait_until(condition: Callable[[], bool], timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)


@pytest.fixture
def lab():
    made = []

    def make(backlog: int) -> BacklogLab:
        lab = BacklogLab(backlog)
        assert lab.start() is None
        made.append(lab)
        return lab

    yield make
    for lab in made:
        lab.stop()


def stages(lab: BacklogLab) -> list[Stage]:
    return [client.stage for client in lab.poll()]


@linux_only
def test_a_full_backlog_holds_connections_before_accept(lab):
    lab = lab(2)
    for _ in range(4):
        lab.add_client()
    # backlog + 1 handshakes complete without a single accept()...
    wait_until(lambda: stages(lab)[:3] == [Stage.QUEUED] * 3)
    # ...and the next one's SYN is dropped: it stays connecting.
    deadline = time.monotonic() + STILL_WAITING_S
    while time.monotonic() < deadline:
        assert stages(lab)[3] is Stage.CONNECTING
        time.sleep(0.02)
    views = lab.kernel_view(kernel_sockets())
    assert [views[n].client_state for n in (1, 2, 3, 4)] == ["ESTABLISHED"] * 3 + ["SYN_SENT"]
    assert [views[n].server_state for n in (1, 2, 3)] == ["ESTABLISHED"] * 3
    assert views[4].server_state is None
    assert lab.listener_state(kernel_sockets()) == "LISTEN"


@linux_only
def test_accept_one_takes_the_oldest_and_a_waiting_client_gets_in(lab):
    lab = lab(0)
    first, second = lab.add_client(), lab.add_client()
    wait_until(lambda: stages(lab) == [Stage.QUEUED, Stage.CONNECTING])
    accepted = lab.accept_one()
    assert accepted is first and first.stage is Stage.ACCEPTED
    wait_until(lambda: stages(lab)[1] is Stage.QUEUED)
    assert second.connected_after is not None and second.connected_after > 0.5  # a retried SYN


def test_accept_on_an_empty_queue_returns_nothing(lab):
    assert lab(1).accept_one() is None


def test_the_backlog_and_the_number_of_clients_are_bounded():
    with pytest.raises(ValueError, match="backlog"):
        BacklogLab(10**6)
    lab = BacklogLab(1)
    assert lab.add_client() == "Start the listener first."
    assert lab.start() is None
    try:
        for _ in range(MAX_CLIENTS):
            assert not isinstance(lab.add_client(), str)
        assert lab.add_client() == f"This lab stops at {MAX_CLIENTS} clients."
        assert len(lab.clients) == MAX_CLIENTS
    finally:
        lab.stop()
    assert lab.open_sockets() == 0


def test_stop_closes_every_socket(lab):
    lab = lab(1)
    for _ in range(4):
        lab.add_client()
    wait_until(lambda: stages(lab).count(Stage.QUEUED) >= 2)
    lab.accept_one()
    port = lab.port
    lab.stop()
    assert lab.open_sockets() == 0
    assert not lab.listening
    alive = [s for s in kernel_sockets() if port in (s.local_port, s.peer_port)
             and s.status in ("LISTEN", "SYN_SENT", "ESTABLISHED")]
    assert alive == []


@linux_only
def test_a_client_that_never_gets_in_gives_up_and_lets_go_of_its_socket():
    lab = BacklogLab(0, give_up_s=0.4)
    assert lab.start() is None
    try:
        first, second = lab.add_client(), lab.add_client()
        wait_until(lambda: stages(lab)[0] is Stage.QUEUED)
        wait_until(lambda: stages(lab)[1] is Stage.GAVE_UP)
        assert second.sock is None and first.sock is not None
    finally:
        lab.stop()


def test_a_port_in_use_is_a_sentence():
    holder = BacklogLab(1)
    assert holder.start() is None
    try:
        sentence = BacklogLab(1, port=holder.port).start()
        assert sentence and sentence.startswith(f"Could not listen on 127.0.0.1 port {holder.port}")
    finally:
        holder.stop()


def test_proc_net_tcp_lines_are_read_as_addresses_ports_and_states():
    text = (
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt\n"
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000\n"
        "   1: 0100007F:C350 0100007F:1F90 02 00000000:00000000 00:00000000 00000000\n"
        "   2: garbage\n"
        "   3: 0100007F:ZZZZ 0100007F:1F90 01 00000000:00000000 00:00000000 00000000\n"
    )
    sockets = parse_proc_net_tcp(text)
    assert [(s.local_host, s.local_port, s.peer_port, s.status) for s in sockets] == [
        ("127.0.0.1", 8080, 0, "LISTEN"), ("127.0.0.1", 50000, 8080, "SYN_SENT"),
    ]
    six = ("sl local rem st\n 0: 00000000000000000000000001000000:0016 "
           "00000000000000000000000000000000:0000 0A x\n")
    assert parse_proc_net_tcp(six)[0].local_host == "::1"
