"""The event log's filters: heartbeats, one connection, Winsock events; remembered."""

import time

import pytest
from ui_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatClient
from chatapp.ui.event_log_dock import EventLogDock
from chatapp.ui.event_log_filter import FilterChoice
from chatapp.ui.event_log_model import (
    FD_READ,
    KINDS,
    MESSAGE,
    READ,
    STATE,
    WINSOCK_EVENTS,
    WRITE,
    winsock_event,
)
from chatapp.ui.event_log_wiring import heartbeat_lines
from chatapp.ui.server_window import ServerWindow


@pytest.fixture
def busy_room(qtbot, make_server, settings):
    """A server window pinging every 0.1 s, and two clients in its room."""
    server = make_server(heartbeat_interval=0.1)
    window = ServerWindow(server=server, settings=settings)
    qtbot.addWidget(window)
    clients = []
    for nick in ("alice", "bob"):
        client = ChatClient()
        clients.append(client)
        with qtbot.waitSignal(client.welcomed, timeout=WAIT_MS):
            client.connect_to(LOOPBACK, server.port, nick)
    yield window, clients
    for client in clients:
        client.auto_reconnect = False
        client.disconnect_from_server()


def shown_entries(dock):
    proxy = dock.proxy
    rows = [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())]
    return [dock.model.entry(row) for row in rows]


def is_heartbeat_traffic(entry):
    return "ping" in entry.signal or "pong" in entry.signal or entry.signal.startswith("rtt_")


def test_hiding_heartbeats_hides_pings_pongs_and_the_bytes_that_carried_them(qtbot, busy_room):
    window, clients = busy_room
    dock = window.event_log
    model = dock.model

    def pings_logged():
        model.flush()
        entries = model.entries()
        pong_writes = [e for e in entries if e.kind == WRITE and e.heartbeat]
        return sum(1 for e in entries if e.signal.startswith("rtt_")) >= 4 and len(pong_writes) >= 4

    qtbot.waitUntil(pings_logged, timeout=WAIT_MS)
    clients[0].send_text("hello everyone")
    qtbot.waitUntil(lambda: any(e.signal.startswith("chat_posted") for e in model.entries()),
                    timeout=WAIT_MS)
    model.flush()
    total = model.rowCount()
    dock.filter_bar.heartbeat_button.setChecked(False)

    shown = shown_entries(dock)
    assert 0 < len(shown) < total
    assert not any(is_heartbeat_traffic(e) for e in shown)
    assert not any(e.kind == READ and heartbeat_lines(e.data) is not None for e in shown)
    # Both the pongs we owed and our own pings (marked when their pong came back).
    hidden_writes = [e for e in model.entries() if e.kind == WRITE and e.heartbeat]
    assert len({e.connection for e in hidden_writes}) == 2
    # The chat that alice sent is still there, read and all.
    assert any(e.kind == READ and b"hello everyone" in e.data for e in shown)
    assert dock.status_label.text().startswith(f"showing {len(shown):,} of {total:,}")
    dock.filter_bar.heartbeat_button.setChecked(True)
    assert dock.proxy.rowCount() == model.rowCount()


def test_one_connection_only(qtbot, busy_room):
    window, clients = busy_room
    dock = window.event_log
    combo = dock.filter_bar.connection_combo
    qtbot.waitUntil(lambda: combo.count() == 3, timeout=WAIT_MS)  # All + alice + bob
    assert combo.itemText(0) == "All connections"
    alice_endpoint = f"127.0.0.1:{clients[0].connection.local_port}"
    index = combo.findData(alice_endpoint)
    assert index > 0 and "alice" in combo.itemText(index)
    combo.setCurrentIndex(index)
    shown = shown_entries(dock)
    assert shown and all(e.connection == alice_endpoint for e in shown)
    assert any(e.signal.startswith("readyRead") for e in shown)
    # New rows of alice keep coming in; bob's never show.
    before = len(shown)
    qtbot.waitUntil(lambda: dock.proxy.rowCount() > before, timeout=WAIT_MS)
    assert all(e.connection == alice_endpoint for e in shown_entries(dock))
    combo.setCurrentIndex(0)
    assert dock.proxy.rowCount() == dock.model.rowCount()


def test_by_winsock_event(qtbot):
    dock = EventLogDock()
    qtbot.addWidget(dock)
    log = dock.model.log
    log("s", "newConnection(1.2.3.4:5)", "ConnectionRequest", "connection")
    log("s", "readyRead(3 bytes)", "DataArrival(3)", READ, data=b"abc")
    log("s", "bytesWritten(3)", "SendComplete", WRITE)
    log("s", "stateChanged(ConnectedState)", "State = sckConnected (7)", STATE)
    log("s", "peer_joined(x)", "", MESSAGE)
    dock.model.flush()
    for event, action in dock.filter_bar.event_actions.items():
        action.setChecked(event == FD_READ)
    assert [e.signal for e in shown_entries(dock)] == ["readyRead(3 bytes)"]
    dock.filter_bar.event_actions["NONE"].setChecked(True)
    assert [e.signal for e in shown_entries(dock)] == ["readyRead(3 bytes)", "peer_joined(x)"]
    assert dock.status_label.text().startswith("showing 2 of 5")


def test_winsock_event_names():
    assert winsock_event("DataArrival(200)") == "FD_READ"
    assert winsock_event("SendProgress") == winsock_event("SendComplete") == "FD_WRITE"
    assert winsock_event("ConnectionRequest") == "FD_ACCEPT"
    assert winsock_event("Connect") == "FD_CONNECT" and winsock_event("Close") == "FD_CLOSE"
    assert winsock_event("State = sckClosed (0)") == "STATE"
    assert winsock_event("") == winsock_event("Nonsense(1)") == "NONE"


def test_the_choice_is_remembered_but_not_the_connection(qtbot, settings):
    first = EventLogDock(settings=settings)
    qtbot.addWidget(first)
    first.filter_bar.heartbeat_button.setChecked(False)
    first.filter_bar.event_actions["FD_WRITE"].setChecked(False)
    first.kind_actions[STATE].setChecked(False)
    second = EventLogDock(settings=settings)
    qtbot.addWidget(second)
    assert not second.filter_bar.heartbeat_button.isChecked()
    assert not second.filter_bar.event_actions["FD_WRITE"].isChecked()
    assert not second.kind_actions[STATE].isChecked()
    assert second.proxy.choice.connection is None
    assert second.filter_bar.connection_combo.currentIndex() == 0


@pytest.mark.parametrize(
    "saved",
    [None, [], "x", 7, {"hidden_kinds": "state"}, {"hidden_kinds": [1, None, "nope"]},
     {"heartbeats": "no"}, {"hidden_events": ["FD_READ" * 1000]}, {"x": {"y": []}}],
)
def test_a_mangled_saved_choice_shows_everything(saved):
    choice = FilterChoice.from_saved(saved)
    assert choice.pattern() == "" and choice.heartbeats


def test_a_mangled_settings_file_is_survived(qtbot, settings):
    settings._q.setValue("ui/event_log_filter", "{not json")
    dock = EventLogDock(settings=settings)
    qtbot.addWidget(dock)
    assert dock.proxy.filterRegularExpression().pattern() == ""


@pytest.mark.parametrize(
    ("chunk", "beats"),
    [
        (b'{"type":"ping","t":12.5}\n', 1),
        (b'{"type":"pong","t":1.0}\n{"type":"ping","t":2.0}\n', 2),
        (b'{"type":"pong","t":1.0}', 1),  # the line's end comes in the next read
        (b'{"type":"ping","t":1}\n{"type":"chat","text":"ping"}\n', None),
        (b'{"type":"pingx","t":1}\n', None),
        (b"ping\n", None),
        (b"", None),
        (b'{"type":"ping"' + b"9" * 100_000, 1),
    ],
)
def test_heartbeat_lines(chunk, beats):
    lines = heartbeat_lines(chunk)
    assert (None if lines is None else len(lines)) == beats


def test_ten_thousand_rows_filter_in_one_quick_pass(qtbot):
    dock = EventLogDock()
    qtbot.addWidget(dock)
    for i in range(10_000):
        dock.model.log(f"peer {i % 7}", f"bytesWritten({i})", "SendComplete", KINDS[i % 6],
                       connection=f"127.0.0.1:{i % 7}", heartbeat=i % 3 == 0)
    dock.model.flush()
    started = time.perf_counter()
    dock.filter_bar.heartbeat_button.setChecked(False)
    dock.proxy.set_connection("127.0.0.1:3")
    took = time.perf_counter() - started
    expected = sum(1 for i in range(10_000) if i % 3 and i % 7 == 3)
    assert dock.proxy.rowCount() == expected
    assert took < 2.0  # in C++: about 20 ms here; a row-by-row Python filter would be far slower
    assert set(WINSOCK_EVENTS) == set(dock.filter_bar.event_actions)
