"""Chat view, user list, message input and the keepalive LED, on their own."""

import time

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from ui_support import WAIT_MS

from chatapp.protocol import Chat
from chatapp.ui.chat_model import ChatEntry, ChatModel, EntryKind, local_time
from chatapp.ui.chat_view import ChatView
from chatapp.ui.keepalive_led import KeepaliveLed, LedState
from chatapp.ui.message_input import MessageInput
from chatapp.ui.user_list import UserList


def chat(text, sender="bob", to=None, seq=1):
    return Chat(seq, "2026-11-24T10:00:00.000Z", sender, text, to)


def test_markup_is_shown_as_typed_never_interpreted(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    hostile = '<img src="http://example.invalid/x.png"><b>bold?</b>'
    view.add_chat(chat(hostile))
    view.flush()
    entry = view.chat_model.entry(0)
    assert entry.text == hostile
    # The row's text role is plain text too (copy, screen readers).
    assert hostile in view.chat_model.index(0, 0).data()
    # Painting goes through QTextLayout: render it to be sure nothing breaks.
    image = view.grab()
    assert not image.isNull()
    # No role carries a tooltip or rich text Qt could interpret.
    assert view.chat_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert QTextDocument  # (imported to document the contrast: never used for messages)


def test_appends_are_batched_until_the_timer(qtbot):
    model = ChatModel()
    for i in range(10):
        model.add(ChatEntry(EntryKind.CHAT, f"m{i}", "10:00:00", "bob"))
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.entries_added, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args == [10] and model.rowCount() == 10


def test_long_and_multiline_messages_get_taller_rows(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.add_chat(chat("short"))
    view.add_chat(chat("line one\nline two\nline three"))
    view.add_chat(chat("word " * 200))
    view.flush()
    heights = [view.visualRect(view.chat_model.index(r, 0)).height() for r in range(3)]
    assert heights[1] > 2 * heights[0]
    assert heights[2] > heights[1]


def test_own_private_and_notice_entries(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.add_chat(chat("mine", sender="alice"), own=True)
    view.add_chat(chat("psst", sender="bob", to="alice"))
    view.add_notice("carol joined")
    view.add_error("The other side closed the connection.")
    view.flush()
    entries = view.chat_model.entries()
    assert entries[0].own and not entries[0].is_private
    assert entries[1].is_private and "(→ alice)" in entries[1].line()
    assert [e.kind for e in entries[2:]] == [EntryKind.NOTICE, EntryKind.ERROR]


def test_local_time_reads_the_wire_time_stamp():
    assert len(local_time("2026-11-24T10:00:00.000Z")) == 8
    assert len(local_time("not a time")) == 8  # falls back to now, never raises


def test_view_follows_the_newest_unless_scrolled_up(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    for i in range(200):
        view.add_chat(chat(f"message {i}", seq=i))
    view.flush()
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=WAIT_MS)
    bar.setValue(0)
    view.add_chat(chat("one more"))
    view.flush()
    assert bar.value() == 0


def test_a_hundred_thousand_messages_stay_smooth(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    model = view.chat_model
    for batch in range(20):
        for i in range(5000):
            n = batch * 5000 + i
            text = f"message {n}" if n % 10 else f"message {n}\nwith a second line"
            model.add(ChatEntry(EntryKind.CHAT, text, "10:00:00", f"user{n % 7}"))
        model.flush()
    qtbot.waitUntil(lambda: model.rowCount() == 100_000, timeout=WAIT_MS)
    view.scrollToBottom()
    qtbot.wait(1)

    # One more message at 100k: batch flush plus relayout stays well under a frame budget
    # of a few tenths of a second (the Python-model version of this took ~0.5 s). Best
    # of three, so a busy machine does not fail the test; an O(n)-in-Python path would.
    timings = []
    for attempt in range(3):
        start = time.perf_counter()
        view.add_chat(chat(f"the newest {attempt}"))
        view.flush()
        view.viewport().repaint()
        qtbot.wait(1)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.25, timings

    # Jumping around the scroll bar paints only what is visible.
    bar = view.verticalScrollBar()
    start = time.perf_counter()
    for step in range(20):
        bar.setValue(bar.maximum() * step // 20)
        view.viewport().repaint()
    per_jump = (time.perf_counter() - start) / 20
    assert per_jump < 0.1, per_jump
    assert view.indexAt(QPoint(10, 10)).isValid()


def test_user_list_marks_me_and_asks_for_a_private_message(qtbot):
    users = UserList()
    qtbot.addWidget(users)
    users.set_users(["bob", "alice", "Carol"], me="alice")
    assert users.nicks() == ["alice", "bob", "Carol"]
    assert users.item(0).text() == "alice (you)"
    with qtbot.waitSignal(users.private_requested) as blocker:
        users.itemActivated.emit(users.item(1))
    assert blocker.args == ["bob"]
    with qtbot.assertNotEmitted(users.private_requested):
        users.itemActivated.emit(users.item(0))  # not to yourself


def test_message_input_enter_sends_shift_enter_breaks_escape_clears_private(qtbot):
    box = MessageInput()
    qtbot.addWidget(box)
    box.show()
    box.set_recipient("bob")
    assert box.recipient_bar.isVisible()
    qtbot.keyClicks(box.edit, "a")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box.edit, "b")
    with qtbot.waitSignal(box.submitted) as blocker:
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert blocker.args == ["a\nb", "bob"]
    assert box.edit.toPlainText() == ""
    qtbot.keyClick(box.edit, Qt.Key.Key_Escape)
    assert box.recipient == "" and not box.recipient_bar.isVisible()
    with qtbot.assertNotEmitted(box.submitted):
        qtbot.keyClicks(box.edit, "   ")
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)  # blank: nothing to send


def test_keepalive_led_states_and_tooltip(qtbot):
    led = KeepaliveLed()
    qtbot.addWidget(led)
    assert led.state is LedState.OFF and led.toolTip() == "Not connected"
    led.set_state(LedState.ALIVE)
    led.set_rtt(1.234)
    assert led.toolTip() == "Alive\nRound trip: 1.2 ms"
    led.set_state(LedState.LATE)
    assert led.toolTip().startswith("Late")
    led.set_state(LedState.DEAD)
    assert led.toolTip().startswith("Dead")
    assert led.accessibleDescription() == led.toolTip()
    led.set_state(LedState.OFF)
    assert led.rtt_ms is None and led.toolTip() == "Not connected"
    assert not led.grab().isNull()
