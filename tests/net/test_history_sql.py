"""history_sql on a plain sqlite3 connection: no thread, no Qt."""

from __future__ import annotations

import random

import pytest

from chatapp.net import history_sql as sql
from chatapp.net.history_sql import DamagedInsideError
from chatapp.protocol import Chat
from chatapp.protocol.backlog_pages import page_may_continue
from chatapp.protocol.room import visible_to

TS = "2026-12-01T10:00:00.000Z"

# (sender, recipient): a room chat, private ones to and from the reader in
# every spelling, and private ones between others, some of them look-alikes.
CHATS = [
    ("alice", None),
    ("bob", "alice"),
    ("alice", "bob"),
    ("ALICE", "carol"),
    ("carol", "Alice"),
    ("Straße", "dave"),  # casefolds to "strasse"
    ("dave", "STRASSE"),
    ("carol", "dave"),
    ("alice_", "dave"),  # a look-alike is someone else
    ("dave", "аlice"),  # Cyrillic а: someone else too
    ("al1ce", "carol"),
    ("carol", None),
]
READERS = ["alice", "Alice", "ALICE", "bob", "strasse", "STRASSE", "Straße", "dave", "аlice",
           "eve", "al1ce"]


@pytest.fixture
def db():
    connection, last_seq = sql.open_database(None)
    assert last_seq == 0
    for seq, (sender, to) in enumerate(CHATS, start=1):
        sql.insert_chat(connection, Chat(seq, TS, sender, f"chat {seq}", to, False), "", "")
    yield connection
    connection.close()


@pytest.mark.parametrize("reader", READERS)
def test_the_sql_visibility_rule_agrees_with_the_python_one(db, reader):
    everything = sql.read_chats(db, sql.newest_query(None, 1000, None))
    expected = [chat.seq for chat in everything if visible_to(chat, reader)]
    seen = [chat.seq for chat in sql.read_chats(db, sql.newest_query(None, 1000, reader))]
    assert seen == expected
    paged = [chat.seq for chat in sql.read_chats(db, sql.page_query(0, 1000, reader, None))]
    assert paged == expected


def test_the_table_covers_both_answers_for_each_kind_of_reader(db):
    everything = sql.read_chats(db, sql.newest_query(None, 1000, None))
    for reader in ("alice", "strasse", "аlice"):
        answers = {visible_to(chat, reader) for chat in everything}
        assert answers == {True, False}


def test_a_resend_returns_the_original_and_writes_nothing(db):
    first, duplicate = sql.insert_chat(db, Chat(13, TS, "alice", "hi", None, False), "c1", "m1")
    assert not duplicate
    again, duplicate = sql.insert_chat(db, Chat(14, TS, "alice", "hi", None, False), "c1", "m1")
    assert duplicate and again == first
    assert sql.last_seq(db) == 13


def test_a_page_with_newest_starts_no_earlier_than_the_newest_visible(db):
    chats = sql.read_chats(db, sql.page_query(0, 2, "alice", newest=3))
    visible = [c.seq for c in sql.read_chats(db, sql.newest_query(None, 1000, "alice"))]
    assert [c.seq for c in chats] == visible[-3:-1]


def test_a_page_stops_once_its_texts_reach_max_chars(db):
    chats = sql.read_chats(db, sql.page_query(0, 100, None, None), max_chars=13)
    assert [c.text for c in chats] == ["chat 1", "chat 2", "chat 3"]  # 6 + 6 + 6 >= 13
    assert page_may_continue(chats, 100, 13)


def test_a_file_damaged_inside_is_refused(tmp_path):
    path = tmp_path / "history.sqlite3"
    connection, _ = sql.open_database(path)
    connection.executemany(
        "INSERT INTO chats VALUES (?, ?, ?, ?, NULL, 0, '', '')",
        [(seq, TS, "old", "y" * 500) for seq in range(1, 200)],
    )
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    start = (len(data) // page_size // 2) * page_size  # inside; the header is intact
    data[start:start + 4 * page_size] = random.Random(9).randbytes(4 * page_size)
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedInsideError, match="damaged inside"):
        sql.open_database(path)
