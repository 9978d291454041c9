"""Attacks on the headless server that only its process shows: a forged line in
its log (item 8), a database damaged inside, not in its header (item 9), and a
store that fails (item 6: the server's files may not grow past 1 MiB, set with
prlimit(RLIMIT_FSIZE) from outside, which a disk that fills up looks like to it).
The server runs as `chatapp-server --headless` (storm_support.ServerProcess),
default settings, loopback."""

from __future__ import annotations

import re
import resource
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
    # A continuation line (no timestamp) that carries the chat is a forgery waiting to happen.
    loose = [line for line in lines if not LOG_LINE.match(line) and "mallory" in line]
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
        store.store("old", f"chat {i} " + "x" * 1000, None, False, "", "")
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
    damaged_size = (data_dir / FILE_NAME).stat().st_size
    server = headless(data_dir)
    if not server.alive:
        output = server.log_text()
        assert server.process.returncode != 0 and "Traceback" not in output, output
        assert "history" in output.lower() or FILE_NAME in output, output
        return
    log = server.log_text()
    spoken = [line for line in log.splitlines() if " WARNING " in line or " ERROR " in line]
    assert spoken, f"the server started on a damaged history without a word:\n{log}"
    ordinary = {FILE_NAME, f"{FILE_NAME}-wal", f"{FILE_NAME}-shm", "history.lock"}
    kept = [p for p in data_dir.rglob("*")
            if p.is_file() and p.name not in ordinary and p.stat().st_size >= damaged_size]
    assert kept, sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    assert "Traceback" not in log


MiB = 1024 * 1024


def test_a_failing_store_tells_the_sender_and_the_room(qtbot, headless):
    """Item 6: chats that cannot be stored were neither acked nor broadcast (right), but
    the sender got no error for its id ("sending" forever) and newcomers kept joining a
    room where nothing can be said. Contract: `storage_failed` with the say's id to the
    sender; once without id to the room, and to a newcomer while it stays failed."""
    server = headless()
    writer, observer = WirePeer(server.port), WirePeer(server.port)
    newcomer = None
    try:
        writer.send(hello("writer"))
        observer.send(hello("observer"))
        qtbot.waitUntil(lambda: bool(writer.of_type("welcome") and observer.of_type("welcome")),
                        timeout=WAIT_MS)
        # No file of the server's may grow past 1 MiB from now on (Python ignores
        # SIGXFSZ, so writes fail with EFBIG): the history's log fills after ~15 chats.
        resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (MiB, MiB))
        failed_id = ""
        for n in range(40):
            message_id = f"w-{n}"
            # Private: the log shows no text, so only the history's files grow.
            writer.send({"type": "say", "id": message_id, "text": "z" * 60_000, "to": "observer"})

            def answered(m=message_id) -> bool:
                return any(f.get("id") == m for f in writer.frames()
                           if f.get("type") in ("ack", "error"))

            try:
                qtbot.waitUntil(answered, timeout=3000)
            except qtbot.TimeoutError:
                failed_id = message_id  # silence: what the issue reports
                break
            if not any(f.get("id") == message_id for f in writer.of_type("ack")):
                failed_id = message_id
                break
            qtbot.wait(130)  # under the flood limit
        assert failed_id, "the store never failed: the limit did not bite"
        errors = [f for f in writer.of_type("error") if f.get("id") == failed_id]
        assert [f["code"] for f in errors] == ["storage_failed"], writer.frames()[-3:]
        qtbot.waitUntil(lambda: "storage_failed" in observer.codes(), timeout=WAIT_MS)
        newcomer = WirePeer(server.port)
        newcomer.send(hello("newcomer"))
        qtbot.waitUntil(lambda: "storage_failed" in newcomer.codes(), timeout=WAIT_MS)
        assert server.alive and "Traceback" not in server.log_text()
    finally:
        for peer in (writer, observer, newcomer):
            if peer is not None:
                peer.close()
