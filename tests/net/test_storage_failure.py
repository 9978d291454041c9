"""A chat that cannot be stored is answered, not left "sending" forever
(issue 14, item 6): `error` storage_failed with the say's id to its sender,
a room notice (no id) once while storing fails, the same notice to each
newcomer meanwhile, and nothing once a chat is stored again.

The failures are real SQLite failures: the database may not grow (its page
limit set to its size: SQLITE_FULL, as on a full disk), or, where this runs
as root with mount rights, a real 1 MiB tmpfs filled to the last byte.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess

import pytest
from history_callbacks_support import CallbackStore
from net_support import LOOPBACK, WAIT_MS
from raw_peer_support import RawPeer, hello_line, welcomed_json_peer

from chatapp.net import ChatServer
from chatapp.net.history_store import HistoryStore
from chatapp.protocol.errors import STORAGE_FAILED

BIG = "x" * 40_000  # needs new pages: the file must grow to store it


def set_page_limit(qtbot, store: HistoryStore, pages: int | None) -> None:
    done: list[object] = []

    def limit(db) -> None:
        count = pages or db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {count}").fetchone()

    store.call_on_worker(limit, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)


def errors(peer: RawPeer) -> list[dict]:
    return [f for f in peer.frames() if f["type"] == "error" and f["code"] == STORAGE_FAILED]


def acks(peer: RawPeer) -> list[str]:
    return [f["id"] for f in peer.frames() if f["type"] == "ack"]


@pytest.fixture
def room_on(qtbot):
    made: list[tuple[ChatServer, HistoryStore]] = []

    def make(directory) -> tuple[ChatServer, HistoryStore]:
        store = CallbackStore(directory)
        store.start()
        server = ChatServer(history=store)
        server.listen(LOOPBACK, 0)
        made.append((server, store))
        return server, store

    yield make
    for server, store in made:
        server.close()
        store.close()


def check_failure_is_told_then_cleared(qtbot, server, fail, recover) -> None:
    alice = welcomed_json_peer(qtbot, server.port, "alice")
    bob = welcomed_json_peer(qtbot, server.port, "bob")
    peers = [alice, bob]
    try:
        fail()
        alice.send({"type": "say", "id": "m1", "text": BIG})
        qtbot.waitUntil(lambda: any(e.get("id") == "m1" for e in errors(alice)), timeout=WAIT_MS)
        mine = [e for e in errors(alice) if e.get("id") == "m1"]
        assert len(mine) == 1 and "not saved" in mine[0]["message"]
        # The room hears it once, without an id; bob sees neither the chat nor an ack.
        qtbot.waitUntil(lambda: len(errors(bob)) == 1, timeout=WAIT_MS)
        assert "id" not in errors(bob)[0] and "cannot save messages" in errors(bob)[0]["message"]
        alice.send({"type": "say", "id": "m2", "text": BIG})
        qtbot.waitUntil(lambda: any(e.get("id") == "m2" for e in errors(alice)), timeout=WAIT_MS)
        assert len([e for e in errors(alice) if "id" not in e]) == 1  # the notice, once
        assert len(errors(bob)) == 1 and acks(alice) == []
        assert not any(f["type"] == "chat" and f["text"] == BIG for f in bob.frames())
        # A newcomer is told at once, while it lasts.
        carol = welcomed_json_peer(qtbot, server.port, "carol")
        peers.append(carol)
        qtbot.waitUntil(lambda: len(errors(carol)) == 1, timeout=WAIT_MS)

        recover()
        alice.send({"type": "say", "id": "m3", "text": "back to normal"})
        qtbot.waitUntil(lambda: acks(alice) == ["m3"], timeout=WAIT_MS)
        dave = RawPeer(server.port, hello_line("dave"))
        peers.append(dave)
        qtbot.waitUntil(lambda: any(f["type"] == "chat" and f["text"] == "back to normal"
                                    for f in dave.frames()), timeout=WAIT_MS)
        assert errors(dave) == []
    finally:
        for peer in peers:
            peer.close()


def test_a_full_database_answers_the_sender_and_tells_the_room(qtbot, room_on, tmp_path):
    server, store = room_on(tmp_path)
    check_failure_is_told_then_cleared(
        qtbot, server,
        fail=lambda: set_page_limit(qtbot, store, None),
        recover=lambda: set_page_limit(qtbot, store, 1_000_000),
    )


@contextlib.contextmanager
def tiny_tmpfs(path):
    path.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill_disk(filler) -> None:
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_really_full_disk_answers_the_sender_and_tells_the_room(qtbot, room_on, tmp_path):
    with tiny_tmpfs(tmp_path / "disk") as disk:
        server, store = room_on(disk / "data")
        filler = disk / "filler"
        try:
            check_failure_is_told_then_cleared(
                qtbot, server, fail=lambda: fill_disk(filler), recover=filler.unlink,
            )
        finally:
            server.close()
            store.close()


def test_a_flush_the_disk_refuses_is_told_instead_of_a_false_ack(
    qtbot, room_on, tmp_path, monkeypatch
):
    server, store = room_on(tmp_path)
    alice = welcomed_json_peer(qtbot, server.port, "alice")
    bob = welcomed_json_peer(qtbot, server.port, "bob")
    try:
        alice.send({"type": "say", "id": "m1", "text": "before"})
        qtbot.waitUntil(lambda: acks(alice) == ["m1"], timeout=WAIT_MS)

        def refuse(fd) -> None:  # the kernel's answer to fdatasync on a failing disk
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        monkeypatch.setattr("chatapp.net.wal_sync._flush", refuse)
        for n in (2, 3):
            alice.send({"type": "say", "id": f"m{n}", "text": f"after {n}"})
        qtbot.waitUntil(lambda: {e.get("id") for e in errors(alice)} >= {"m2", "m3"},
                        timeout=WAIT_MS)
        assert acks(alice) == ["m1"] and store.sync_broken
        assert "may be lost" in [e for e in errors(alice) if e.get("id") == "m2"][0]["message"]
        qtbot.waitUntil(lambda: len(errors(bob)) == 1, timeout=WAIT_MS)
        assert "may be lost" in errors(bob)[0]["message"]  # once, however many chats
        alice.send({"type": "say", "id": "m4", "text": "later"})
        qtbot.waitUntil(lambda: any(e.get("id") == "m4" for e in errors(alice)), timeout=WAIT_MS)
        assert len(errors(bob)) == 1
    finally:
        alice.close()
        bob.close()
