"""The event log: signals as they fire, batched, capped, filtered, saved."""

import json

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket
from ui_support import WAIT_MS

from chatapp.ui.event_log_dock import EventLogDock
from chatapp.ui.event_log_model import ERROR, MAX_KEPT_BYTES, READ, STATE, EventLogModel
from chatapp.ui.event_log_wiring import attach_connection
from chatapp.ui.hexdump import hexdump, visible_text


def test_client_log_records_ready_read_with_its_byte_count(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    model = alice.event_log.model
    qtbot.waitUntil(
        lambda: any(e.signal.startswith("readyRead(") for e in model.entries()), timeout=WAIT_MS
    )
    reads = [e for e in model.entries() if e.kind == READ]
    for entry in reads:
        assert entry.signal == f"readyRead({len(entry.data)} bytes)"
        assert entry.winsock == f"DataArrival({len(entry.data)})"
    assert b'"type":"welcome"' in b"".join(e.data for e in reads)
    signals = [e.signal for e in model.entries()]
    assert "stateChanged(ConnectedState)" in signals
    assert "connected" in signals
    assert any(s.startswith("bytesWritten(") for s in signals)


def test_server_log_records_new_connection_as_connection_request(
    qtbot, server_window, connect_client_window
):
    connect_client_window("alice")
    model = server_window.event_log.model
    qtbot.waitUntil(
        lambda: any(e.winsock == "ConnectionRequest" for e in model.entries()), timeout=WAIT_MS
    )
    entry = next(e for e in model.entries() if e.winsock == "ConnectionRequest")
    assert entry.signal.startswith("newConnection(127.0.0.1:")
    # The hello arrives before the nick is known; what follows is named by nick.
    qtbot.waitUntil(
        lambda: any(e.source.startswith("alice@") for e in model.entries()), timeout=WAIT_MS
    )
    hello = next(e for e in model.entries() if e.kind == READ)
    assert hello.source.startswith("peer 127.0.0.1:") and b'"hello"' in hello.data


def test_selecting_a_row_shows_the_chunk_as_text_and_hex(qtbot):
    dock = EventLogDock()
    qtbot.addWidget(dock)
    dock.resize(1400, 400)  # wide enough for 16 bytes a row
    dock.show()
    dock.model.log("client", "readyRead(9 bytes)", "DataArrival(9)", READ, data=b'{"a":1}\r\n')
    dock.model.flush()
    dock.table.selectRow(0)
    assert dock.text_view.toPlainText() == '{"a":1}\\r\\n\n'
    assert dock.hex_view.toPlainText().startswith("00000000  7b 22 61 22 3a 31 7d 0d  0a")
    dock.resize(500, 400)  # narrow: 8 bytes a row, no sideways scrolling
    dock.table.clearSelection()
    dock.table.selectRow(0)
    assert dock.hex_view.toPlainText().splitlines()[1].startswith("00000008  0a")


def test_appends_are_batched_and_capped(qtbot):
    model = EventLogModel(cap=100)
    for i in range(250):
        model.log("src", f"bytesWritten({i})")
    assert model.rowCount() == 0  # nothing yet: the batch waits for the timer
    with qtbot.waitSignal(model.entries_added, timeout=WAIT_MS):
        pass
    assert model.rowCount() == 100
    assert model.entries()[-1].signal == "bytesWritten(249)"
    assert model.dropped == 150


def test_pause_holds_rows_and_resume_releases_them(qtbot):
    model = EventLogModel()
    model.set_paused(True)
    model.log("src", "connected")
    model.flush()
    assert model.rowCount() == 0 and model.pending_count == 1
    model.set_paused(False)
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)


def test_filter_by_kind_and_clear(qtbot):
    dock = EventLogDock()
    qtbot.addWidget(dock)
    dock.model.log("s", "connected", kind=STATE)
    dock.model.log("s", "errorOccurred(RemoteHostClosedError)", kind=ERROR)
    dock.model.flush()
    dock.kind_actions[STATE].setChecked(False)
    assert dock.proxy.rowCount() == 1
    assert dock.proxy.index(0, 2).data() == "errorOccurred(RemoteHostClosedError)"
    dock.kind_actions[STATE].setChecked(True)
    assert dock.proxy.rowCount() == 2
    dock.clear_button.click()
    assert dock.model.rowCount() == 0 and dock.proxy.rowCount() == 0


def test_save_writes_json_lines(qtbot, tmp_path):
    dock = EventLogDock()
    qtbot.addWidget(dock)
    dock.model.log("client", "readyRead(3 bytes)", "DataArrival(3)", READ, data=b"hi\n")
    dock.model.log("client", "errorOccurred(X)", "Error", ERROR, detail="it broke")
    dock.model.flush()
    path = tmp_path / "events.jsonl"
    with qtbot.waitSignal(dock._reporter.finished, timeout=WAIT_MS):
        dock.save_to(str(path))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records[0]["signal"] == "readyRead(3 bytes)"
    assert records[0]["data_hex"] == "68690a" and records[0]["data_text"] == "hi\n"
    assert records[1]["detail"] == "it broke" and records[1]["winsock"] == "Error"
    assert "Saved 2" in dock.status_label.text()


def test_a_flood_never_grows_past_the_cap(qtbot):
    model = EventLogModel(cap=1000)
    for _ in range(5):
        for i in range(3000):
            model.log("flood", f"readyRead({i} bytes)", kind=READ, data=b"x")
        model.flush()
        assert model.rowCount() <= 1000 and model.pending_count == 0


def test_hexdump_and_visible_text():
    assert hexdump(b"AB") == "00000000  41 42" + " " * 43 + "  |AB|"
    assert visible_text(b"a\tb\x01\xff") == "a\\tb\\x01\ufffd"


class FakeConnection(QObject):
    """The ConnectionService signals, to drive the tap without a socket."""

    state_changed = Signal(object)
    connected = Signal()
    disconnected = Signal()
    data_received = Signal(bytes)
    message_received = Signal(object)
    protocol_error = Signal(str, str, bool)
    bytes_written = Signal(int)
    error_occurred = Signal(object, str)
    bytes_to_write = 0
    close_reason = ""


def test_each_signal_gets_its_qt_and_winsock_names(qtbot):
    model = EventLogModel()
    connection = FakeConnection()
    attach_connection(model, connection, "client")
    connection.state_changed.emit(QAbstractSocket.SocketState.ConnectedState)
    connection.connected.emit()
    connection.bytes_written.emit(23)
    connection.error_occurred.emit(QAbstractSocket.SocketError.ConnectionRefusedError, "refused")
    connection.disconnected.emit()
    model.flush()
    rows = [(e.signal, e.winsock) for e in model.entries()]
    assert rows == [
        ("stateChanged(ConnectedState)", "State = sckConnected (7)"),
        ("connected", "Connect"),
        ("bytesWritten(23)", "SendComplete"),
        ("errorOccurred(ConnectionRefusedError)", "Error"),
        ("disconnected", "Close"),
    ]
    assert model.entries()[3].detail == "refused"


def test_big_chunks_keep_only_their_first_bytes(qtbot):
    dock = EventLogDock()
    qtbot.addWidget(dock)
    chunk = b"x" * 100_000
    dock.model.log("peer", f"readyRead({len(chunk)} bytes)", "DataArrival", READ, data=chunk)
    dock.model.flush()
    entry = dock.model.entries()[0]
    assert entry.size == 100_000 and len(entry.data) == MAX_KEPT_BYTES
    assert entry.signal == "readyRead(100000 bytes)"
    dock.table.selectRow(0)
    assert dock.text_view.toPlainText().endswith(f"(the first {MAX_KEPT_BYTES} of 100000 bytes)")
    assert json.loads(entry.to_json())["size"] == 100_000


def test_a_flood_is_shown_in_fewer_larger_batches(qtbot):
    from chatapp.ui import event_log_model

    model = EventLogModel()
    assert model.next_batch_ms == event_log_model.FLUSH_INTERVAL_MS
    for i in range(event_log_model.BUSY_BATCH):
        model.log("flood", f"readyRead({i} bytes)", kind=READ)
    with qtbot.waitSignal(model.entries_added, timeout=WAIT_MS):
        pass
    assert model.next_batch_ms == event_log_model.BUSY_FLUSH_INTERVAL_MS
    model.log("src", "connected")
    with qtbot.waitSignal(model.entries_added, timeout=WAIT_MS):
        pass
    assert model.next_batch_ms == event_log_model.FLUSH_INTERVAL_MS
    assert model.rowCount() == event_log_model.BUSY_BATCH + 1


def test_the_kind_filter_shows_only_chosen_kinds_in_order(qtbot):
    from chatapp.ui.event_log_filter import EventFilter

    model = EventLogModel()
    proxy = EventFilter()
    proxy.setSourceModel(model)
    for i, kind in enumerate((STATE, ERROR, READ, STATE, ERROR)):
        model.log("s", f"signal{i}", kind=kind)
    model.flush()
    assert proxy.rowCount() == 5
    proxy.set_kind_shown(STATE, False)
    proxy.set_kind_shown(READ, False)
    assert [proxy.index(r, 2).data() for r in range(proxy.rowCount())] == ["signal1", "signal4"]
    model.log("s", "signal5", kind=ERROR)
    model.log("s", "signal6", kind=STATE)
    model.flush()
    assert [proxy.index(r, 2).data() for r in range(proxy.rowCount())][-1] == "signal5"
    proxy.set_kind_shown(ERROR, False)
    assert proxy.rowCount() == 0
    for kind in (STATE, ERROR, READ):
        proxy.set_kind_shown(kind, True)
    assert proxy.rowCount() == 7
