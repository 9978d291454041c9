"""The server window as `chatapp-server` opens it: history in the data folder,
tuning from the flags, and a locked history that degrades to memory with a
sentence instead of a traceback."""

import pytest
from PySide6.QtWidgets import QMessageBox
from ui_support import LOOPBACK, WAIT_MS

from chatapp.app.cli import server_parser
from chatapp.app.data_dir import ENV_DATA_DIR
from chatapp.app.windows_main import open_demo, open_server_window
from chatapp.net.history_store import FILE_NAME, HistoryStore


@pytest.fixture
def open_window(qtbot, settings):
    def open_(*argv):
        ns = server_parser().parse_args(["--host", LOOPBACK, "--port", "0", *argv])
        window = open_server_window(ns, settings)
        qtbot.addWidget(window)
        return window

    return open_


def test_the_history_is_kept_in_the_data_dir_and_the_flags_tune_the_server(
    qtbot, tmp_path, open_window
):
    window = open_window(
        "--data-dir",
        str(tmp_path),
        "--heartbeat-interval",
        "2",
        "--heartbeat-timeout",
        "9",
        "--max-clients",
        "7",
    )
    server = window.server
    assert server.is_listening and server.host == LOOPBACK
    assert server.history.path == tmp_path / FILE_NAME and server.history.is_open
    assert (server.config.heartbeat_interval, server.config.heartbeat_timeout) == (2, 9)
    assert server.config.max_clients == 7
    assert window.history_label.text() == "History: saved"
    assert str(tmp_path) in window.history_label.toolTip()
    assert window.banner.text() == "" and window.history_message_box is None

    window.close()
    assert not server.history.is_open
    # Closing released the folder's lock: another server may have it now.
    again = HistoryStore(tmp_path)
    again.start()
    again.close()


def test_a_locked_history_is_a_message_and_the_server_runs_in_memory(qtbot, tmp_path, open_window):
    holder = HistoryStore(tmp_path)  # another server holds the folder
    holder.start()
    try:
        window = open_window("--data-dir", str(tmp_path))
        box = window.history_message_box
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert "in use by another chatapp server" in box.text()
        assert window.server.history.path is None and window.server.history.is_open
        # The room works, and the window keeps saying the history is not saved,
        # even after listening cleared the banner of older news.
        assert window.server.is_listening
        assert window.banner.text().startswith("The chat history is not being saved")
        assert "in use by another chatapp server" in window.banner.text()
        assert window.history_label.text() == "History: in memory only"
        box.accept()
        window.stop_listening()
        window.start_listening()
        assert window.banner.text().startswith("The chat history is not being saved")
        window.close()
        assert not window.server.history.is_open
    finally:
        holder.close()


def test_no_arguments_use_the_default_data_folder(qtbot, tmp_path, settings, monkeypatch):
    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    # Only where it listens comes from the settings (a test stays on loopback).
    settings.server_host, settings.server_port = LOOPBACK, 0
    window = open_server_window(server_parser().parse_args([]), settings)
    qtbot.addWidget(window)
    assert window.server.is_listening
    assert window.server.history.path == tmp_path / "chatapp" / FILE_NAME
    assert window.server.config.heartbeat_interval == 5  # the documented default
    window.close()


def test_the_demo_keeps_its_history_in_memory(qtbot, settings):
    server_window, client_window = open_demo(settings, nick="demo")
    for window in (server_window, client_window):
        qtbot.addWidget(window)
    qtbot.waitUntil(lambda: client_window.client.nick == "demo", timeout=WAIT_MS)
    assert server_window.server.history.path is None
    assert server_window.history_label.text() == "History: in memory only"
    server_window.close()
    assert not server_window.server.history.is_open
