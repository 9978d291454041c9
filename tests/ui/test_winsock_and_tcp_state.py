"""The Winsock vocabulary and the kernel TCP-state probe."""

import os
import socket
import time

import pytest
from PySide6.QtNetwork import QAbstractSocket
from ui_support import LOOPBACK

from chatapp.net.tcp_state import KernelSocket, find_state, kernel_tcp_state, normalize_host
from chatapp.ui import winsock

S = QAbstractSocket.SocketState


@pytest.mark.parametrize(
    ("state", "value"),
    [
        (S.UnconnectedState, 0),
        (S.BoundState, 1),
        (S.ListeningState, 2),
        (S.HostLookupState, 4),
        (S.ConnectingState, 6),
        (S.ConnectedState, 7),
        (S.ClosingState, 8),
    ],
)
def test_qt_states_map_to_winsock_values(state, value):
    assert winsock.winsock_state(state) == value


def test_an_error_that_closed_the_socket_is_sck_error():
    assert winsock.winsock_state(S.UnconnectedState, error=True) == winsock.SCK_ERROR
    assert winsock.winsock_state(S.ConnectedState, error=True) == winsock.SCK_CONNECTED
    assert winsock.winsock_state_text(9) == "sckError (9)"
    assert winsock.qt_state_name(S.ConnectedState) == "ConnectedState"


def test_bytes_written_is_send_progress_until_the_queue_is_empty():
    assert winsock.send_event(10) == "SendProgress"
    assert winsock.send_event(0) == "SendComplete"


def test_every_winsock_state_has_its_vb6_name():
    assert [winsock.WINSOCK_STATES[i] for i in range(10)] == [
        "sckClosed", "sckOpen", "sckListening", "sckConnectionPending", "sckResolvingHost",
        "sckHostResolved", "sckConnecting", "sckConnected", "sckClosing", "sckError",
    ]  # fmt: skip


SNAPSHOT = [
    KernelSocket("127.0.0.1", 2000, "127.0.0.1", 50000, "ESTABLISHED", 42),
    KernelSocket("127.0.0.1", 50000, "127.0.0.1", 2000, "TIME_WAIT", None),
    KernelSocket("198.18.0.5", 2000, "198.18.0.9", 50000, "ESTABLISHED", 42),
]


def test_find_state_matches_the_address_pair_in_order():
    assert find_state(SNAPSHOT, 2000, 50000, local_host="127.0.0.1") == "ESTABLISHED"
    assert find_state(SNAPSHOT, 50000, 2000) == "TIME_WAIT"
    assert find_state(SNAPSHOT, 2000, 50000, peer_host="198.18.0.9") == "ESTABLISHED"
    assert find_state(SNAPSHOT, 2001, 50000) is None
    assert find_state(SNAPSHOT, 0, 50000) is None


def test_time_wait_matches_any_pid_but_other_processes_do_not():
    # TIME_WAIT sockets belong to no process: a pid filter must not hide them.
    assert find_state(SNAPSHOT, 50000, 2000, pid=7) == "TIME_WAIT"
    assert find_state(SNAPSHOT, 2000, 50000, local_host="127.0.0.1", pid=7) is None


def test_dual_stack_addresses_are_normalized():
    assert normalize_host("::ffff:127.0.0.1") == "127.0.0.1"
    assert normalize_host("::1") == "::1"


def test_kernel_state_of_a_real_loopback_connection_then_time_wait():
    with socket.create_server((LOOPBACK, 0)) as listener:
        port = listener.getsockname()[1]
        client = socket.create_connection((LOOPBACK, port))
        accepted, _ = listener.accept()
        local_port = client.getsockname()[1]
        pid = os.getpid()
        assert kernel_tcp_state(local_port, port, pid) == "ESTABLISHED"
        assert kernel_tcp_state(port, local_port, pid) == "ESTABLISHED"
        client.close()  # the client closes first...
        accepted.recv(1)  # ...the server sees the FIN...
        accepted.close()  # ...and closes second
        assert poll_until(lambda: kernel_tcp_state(local_port, port, pid) == "TIME_WAIT")
        assert kernel_tcp_state(port, local_port, pid) in (None, "LAST_ACK")


def poll_until(condition, seconds=5.0):
    """Ask the kernel again until it agrees (loopback segments land within microseconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
    return condition()
