"""build_server(): the one place a ChatServer and its history are put together."""

import pytest

from chatapp.app.server_factory import build_server
from chatapp.net.history_store import FILE_NAME, HistoryError, HistoryStore
from chatapp.net.server_config import ServerConfig


def test_a_server_over_the_history_in_the_data_folder(qtbot, tmp_path):
    built = build_server(ServerConfig(max_clients=7), data_dir=str(tmp_path))
    try:
        assert built.failure == ""
        assert built.server.history is built.history and built.history.parent() is built.server
        assert built.history.path == tmp_path / FILE_NAME and built.history.is_open
        assert built.server.config.max_clients == 7
    finally:
        built.history.close()


def test_the_demo_history_is_in_memory(qtbot):
    built = build_server(in_memory=True)
    try:
        assert built.history.path is None and built.failure == ""
    finally:
        built.history.close()


def test_a_locked_history_falls_back_to_memory_or_stops(qtbot, tmp_path):
    holder = HistoryStore(tmp_path)  # another server holds the folder
    holder.start()
    try:
        built = build_server(data_dir=str(tmp_path))
        assert built.history.path is None and "in use by another chatapp server" in built.failure
        built.history.close()
        with pytest.raises(HistoryError):
            build_server(data_dir=str(tmp_path), memory_on_failure=False)
    finally:
        holder.close()
