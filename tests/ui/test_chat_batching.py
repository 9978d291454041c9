"""How the chat's rows get into the view: in batches, in order, all of them,
with the heights the full text layout gives, and without moving what a reader
scrolled up to when the oldest rows leave."""

from PySide6.QtCore import QPoint, Qt
from ui_support import WAIT_MS

from chatapp.net.client import Receipt
from chatapp.ui import chat_model
from chatapp.ui.chat_delegate import PAD_V
from chatapp.ui.chat_model import ChatEntry, ChatModel, EntryKind, local_time
from chatapp.ui.chat_view import ChatView


def entry(text, sender="bob", **fields):
    return ChatEntry(EntryKind.CHAT, text, "10:00:00", sender, **fields)


def test_a_backlog_goes_in_as_several_batches_all_rows_in_order(qtbot, monkeypatch):
    monkeypatch.setattr(chat_model, "FLUSH_BUDGET_S", 0.0)  # one chunk per timer tick
    model = ChatModel()
    count = 3 * chat_model.FLUSH_CHUNK + 5
    for i in range(count):
        model.add(entry(f"m{i}"))
    batches = []
    model.entries_added.connect(batches.append)
    qtbot.waitUntil(lambda: model.rowCount() == count, timeout=WAIT_MS)
    assert batches == [chat_model.FLUSH_CHUNK] * 3 + [5]
    assert [e.text for e in model.entries()] == [f"m{i}" for i in range(count)]
    assert [model.index(r, 0).data() for r in (0, count - 1)] == [
        "10:00:00 bob: m0",
        f"10:00:00 bob: m{count - 1}",
    ]
    assert model.pending_count == 0


def test_a_key_keeps_its_row_when_the_backlog_is_split(qtbot, monkeypatch):
    monkeypatch.setattr(chat_model, "FLUSH_BUDGET_S", 0.0)
    model = ChatModel()
    for i in range(chat_model.FLUSH_CHUNK + 10):
        model.add(entry(f"m{i}"))
    model.add(entry("mine", own=True, receipt=Receipt.SENDING), key="c-1")
    qtbot.waitUntil(lambda: model.pending_count == 0, timeout=WAIT_MS)
    assert model.update("c-1", receipt=Receipt.DELIVERED)
    last = model.entry(model.rowCount() - 1)
    assert last.text == "mine" and last.receipt is Receipt.DELIVERED


def test_the_cap_keeps_the_newest_rows(qtbot):
    model = ChatModel(max_entries=100)
    for i in range(250):
        model.add(entry(f"m{i}"))
    model.flush()
    assert model.rowCount() == 100
    assert [e.text for e in model.entries()] == [f"m{i}" for i in range(150, 250)]
    assert model.index(0, 0).data() == "10:00:00 bob: m150"


def test_rows_are_not_editable(qtbot):
    model = ChatModel()
    model.add(entry("hi"))
    model.flush()
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert not flags & Qt.ItemFlag.ItemIsEditable


def test_rows_leaving_at_the_top_do_not_move_what_the_reader_looks_at(qtbot):
    view = ChatView(model=ChatModel(max_entries=300))
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    qtbot.waitExposed(view)
    for i in range(300):
        text = f"message {i}" if i % 7 else f"message {i}\nwith a second line"
        view.chat_model.add(entry(text))
    view.flush()
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=WAIT_MS)
    qtbot.wait(20)  # any remeasuring after the first show is over
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(1)
    top_before = view.chat_model.entry(view.indexAt(QPoint(5, 5)).row()).text
    offset_before = view.visualRect(view.indexAt(QPoint(5, 5))).top()
    for i in range(300, 340):
        view.chat_model.add(entry(f"message {i}"))
    view.flush()
    qtbot.wait(1)
    top = view.indexAt(QPoint(5, 5))
    assert view.chat_model.entry(0).text == "message 40"  # the oldest 40 went
    assert view.chat_model.entry(top.row()).text == top_before
    assert view.visualRect(top).top() == offset_before
    assert bar.value() < bar.maximum()  # still reading, not pulled to the bottom


def test_short_path_heights_match_the_full_layout(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.show()
    delegate = view.delegate
    texts = [
        "ok",
        "I pushed the fix, please pull and try again (message 12345)",
        "W" * 60,
        "i" * 200,
        "word " * 30,
        "WWWW MMMM " * 9,
        "naïve café 漢字 " * 5,
        "tab\there",
    ]
    entries = [entry(t) for t in texts]
    entries += [entry(t, me=True) for t in texts[:4]]
    entries += [entry(t, to="carol") for t in texts[:4]]
    entries += [entry(t, own=True, receipt=Receipt.SENDING) for t in texts[:4]]
    entries += [ChatEntry(EntryKind.NOTICE, t, "10:00:00") for t in texts[:4]]
    for row_width in (200, 320, 480, 640, 900):
        sizes = delegate.measure_rows(entries, row_width)
        for e, size in zip(entries, sizes, strict=True):
            width = delegate.text_width(row_width, e)
            lines = max(1, delegate._layout(e, width).lineCount())
            assert size.height() == lines * delegate.line_height + 2 * PAD_V, (e, row_width)


def test_local_time_is_shared_per_second_and_follows_the_stamp():
    first = local_time("2026-11-24T10:00:00.000Z")
    assert local_time("2026-11-24T10:00:00.999Z") is first
    assert local_time("2026-11-24T10:00:01.000Z") != first
    # Other spellings of a time still work, without the shortcut.
    assert local_time("2026-11-24T10:00:00Z") == first
    assert local_time("2026-11-24T10:00:00.000+00:00") == first


def test_while_messages_pour_in_batches_come_less_often(qtbot):
    model = ChatModel()
    assert model.next_batch_ms == chat_model.FLUSH_INTERVAL_MS
    for i in range(chat_model.BUSY_BATCH):
        model.add(entry(f"m{i}"))
    with qtbot.waitSignal(model.entries_added, timeout=WAIT_MS):
        pass
    assert model.next_batch_ms == chat_model.BUSY_FLUSH_INTERVAL_MS
    model.add(entry("one more"))
    with qtbot.waitSignal(model.entries_added, timeout=WAIT_MS):
        pass
    # A quiet moment again: back to the quick pace, and nothing was lost.
    assert model.next_batch_ms == chat_model.FLUSH_INTERVAL_MS
    assert model.rowCount() == chat_model.BUSY_BATCH + 1
    assert model.entry(model.rowCount() - 1).text == "one more"
