"""Attacks on the headless server that only its process shows: a forged line in
its log (item 8) and a database damaged inside, not in its header (item 9).
The server runs as `chatapp-server --headless` (storm_support.ServerProcess),
default settings, loopback."""

from __future__ import annotations

import re
import sqlite3

import pytest
from storm_support import ServerProcess
from wire_peers import WirePeer, hello

from chatapp.net.history_store import FILE_NAME, HistoryStore

START_TIMEOUT_MS = 30_000
WAIT_MS = 10_000
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")
FORGED = "2026-12-03 20:00:00,000 INFO mallory left (quit)"


@pytest.fixture
def headless(qtbot, tmp_path):
    started: list[ServerProcess] = []

    def start(data_dir=None) -> ServerProcess:
        server = ServerProcess(data_dir or tmp_path / "data", tmp_path / "server.log")
        started.append(server)
        qtbot.waitUntil(lambda: server.poll_port() or not server.alive, timeout=START_TIMEOUT_MS)
        return server

    yield start
    for server in started:
        server.stop()


def test_chat_text_cannot_forge_a_line_in_the_servers_log(qtbot, headless):
    server = headless()
    assert server.alive, server.log_text()
    peer = WirePeer(server.port)
    try:
        peer.send(hello("mallory"))
        qtbot.waitUntil(lambda: bool(peer.of_type("welcome")), timeout=WAIT_MS)
        peer.send({"type": "say", "id": "s-1", "text": f"hi\n{FORGED}"},
                  {"type": "say", "id": "s-2", "text": f"carriage\r{FORGED}"},
                  {"type": "say", "id": "s-3", "text": f"waves\n{FORGED}", "me": True})
        qtbot.waitUntil(lambda: len(peer.of_type("ack")) == 3, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: server.log_text().count("mallory") >= 4, timeout=WAIT_MS)
    finally:
        peer.close()
    lines = server.log_text().splitlines()
    assert not [line for line in lines if line.startswith(FORGED)], lines[-8:]
    loose = [line for line in lines if not LOG_LINE.match(line) and "listening on" not in line]
    assert loose == [], loose


def damage_inside(data_dir) -> None:
    """200 chats of ~1 KB, then garbage over pages in the middle of the file: the
    header stays valid, so the file opens; the table's pages do not."""
    data_dir.mkdir()
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.instance() is not None
    store = HistoryStore(data_dir)
    store.start()
    for i in range(200):
        store.store("old", f"chat {i} " + "x" * 1000, None, False, "", "", lambda *_: None)
    store.close()
    path = data_dir / FILE_NAME
    with sqlite3.connect(path) as db:  # everything into the main file, none in the log
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    assert size > 40 * 4096
    with open(path, "r+b") as file:
        for page in (10, 20, 30):
            file.seek(page * 4096)
            file.write(bytes((i * 37 + 11) % 256 for i in range(4096)))


def test_a_database_damaged_inside_is_not_used_silently(qtbot, headless, tmp_path):
    """Item 9: today the server starts on it, clients get no history and new chats go
    into the damaged file. Either it refuses to start with a sentence, or it says so
    in its log and keeps the damaged file aside (a way out, nothing deleted)."""
    data_dir = tmp_path / "data"
    damage_inside(data_dir)
    server = headless(data_dir)
    if not server.alive:
        output = server.log_text()
        assert server.process.returncode != 0 and "Traceback" not in output, output
        assert "history" in output.lower() or FILE_NAME in output, output
        return
    log = server.log_text()
    spoken = [line for line in log.splitlines() if " WARNING " in line or " ERROR " in line]
    assert spoken, f"the server started on a damaged history without a word:\n{log}"
    kept = [p for p in data_dir.iterdir()
            if p.name != FILE_NAME and FILE_NAME in p.name
            and not p.name.endswith(("-wal", "-shm"))]
    assert kept, sorted(p.name for p in data_dir.iterdir())
    assert "Traceback" not in log
