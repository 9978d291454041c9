"""Delivery receipts in the chat view: sending, delivered, failed, updated in place."""

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from ui_support import WAIT_MS, type_and_enter

from chatapp.net import ChatClient, ClientState
from chatapp.net.client import Receipt
from chatapp.protocol import Chat
from chatapp.ui.chat_delegate import delivered_color, error_color
from chatapp.ui.chat_model import ChatEntry, EntryKind
from chatapp.ui.chat_view import ChatView
from chatapp.ui.own_messages import OwnMessages


def own_rows(window, text):
    window.chat_view.flush()
    return [e for e in window.chat_view.chat_model.entries() if e.text == text]


def receipt_of(window, text):
    rows = own_rows(window, text)
    return rows[0].receipt if len(rows) == 1 else None


def test_own_message_shows_sending_then_delivered_in_one_row(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    bob = connect_client_window("bob")
    type_and_enter(qtbot, alice, "hello with a receipt")
    # Shown at once, before the server has answered.
    rows = own_rows(alice, "hello with a receipt")
    assert len(rows) == 1 and rows[0].own and rows[0].receipt is Receipt.SENDING
    model = alice.chat_view.chat_model
    assert model.index(model.rowCount() - 1, 0).data().endswith("(sending)")  # screen readers

    qtbot.waitUntil(
        lambda: receipt_of(alice, "hello with a receipt") is Receipt.DELIVERED, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: "hello with a receipt" in bob.chat_view.texts(), timeout=WAIT_MS)
    # The server's echo joined the row instead of adding one; nothing left in flight.
    assert len(own_rows(alice, "hello with a receipt")) == 1
    assert alice.own_messages.in_flight == 0
    assert alice.chat_view.chat_model.tracked_keys() == 0
    # Other people's messages carry no receipt.
    bob_row = own_rows(bob, "hello with a receipt")[0]
    assert bob_row.receipt is None and not bob_row.own


def test_a_refused_message_fails_with_the_servers_reason_in_its_row(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    alice.message_input.set_recipient("nobody")
    type_and_enter(qtbot, alice, "are you there?")
    qtbot.waitUntil(lambda: receipt_of(alice, "are you there?") is Receipt.FAILED, timeout=WAIT_MS)
    row = own_rows(alice, "are you there?")[0]
    assert "nobody" in row.failure
    # Said once, in the row: no separate "The server says" line for it.
    assert not any(t.startswith("The server says") for t in alice.chat_view.texts())
    assert alice.chat_view.chat_model.tracked_keys() == 0


def test_messages_typed_while_waiting_turn_delivered_after_the_reconnect(
    qtbot, server, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    bob = connect_client_window("bob")
    peer = next(p for p in server.peers if p.nick == "alice")
    with qtbot.waitSignal(
        alice.client.state_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda s: s is ClientState.WAITING,
    ):
        peer.connection.abort()  # the line drops without a goodbye
    assert alice.connect_button.text().replace("&", "") == "Reconnect now"

    type_and_enter(qtbot, alice, "typed while away")
    type_and_enter(qtbot, alice, "and another")
    assert receipt_of(alice, "typed while away") is Receipt.SENDING
    assert receipt_of(alice, "and another") is Receipt.SENDING

    with qtbot.waitSignal(alice.client.welcomed, timeout=WAIT_MS):
        alice.connect_button.click()  # Reconnect now
    for text in ("typed while away", "and another"):
        qtbot.waitUntil(lambda t=text: receipt_of(alice, t) is Receipt.DELIVERED, timeout=WAIT_MS)
        qtbot.waitUntil(lambda t=text: t in bob.chat_view.texts(), timeout=WAIT_MS)
        bob.chat_view.flush()
        assert bob.chat_view.texts().count(text) == 1
    assert alice.chat_view.chat_model.tracked_keys() == 0


def test_a_message_typed_after_disconnecting_waits_for_the_next_connect(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    with qtbot.waitSignal(alice.client.disconnected, timeout=WAIT_MS):
        alice.disconnect_button.click()
    type_and_enter(qtbot, alice, "for later")
    assert receipt_of(alice, "for later") is Receipt.SENDING
    assert "connect again" in alice.banner.text()
    with qtbot.waitSignal(alice.client.welcomed, timeout=WAIT_MS):
        alice.connect_button.click()
    qtbot.waitUntil(lambda: receipt_of(alice, "for later") is Receipt.DELIVERED, timeout=WAIT_MS)


def test_an_echo_that_matches_no_row_is_merged_by_the_acks_seq(qtbot):
    # No network: the client's signals are played by hand, in the order the
    # client emits them (chat echo, then receipt, then message_acked).
    client = ChatClient(auto_reconnect=False)
    view = ChatView()
    qtbot.addWidget(view)
    own = OwnMessages(client, view)
    client.nick = "alice"
    message_id = own.send("typed\ttext")
    echo = Chat(7, "2026-11-24T10:00:00.000Z", "alice", "the server changed it")
    assert own.claim_echo(echo)  # not matched, but held as ours while a message waits
    client.receipt_changed.emit(message_id, Receipt.DELIVERED)
    client.message_acked.emit(message_id, 7)
    view.flush()
    rows = view.chat_model.entries()
    assert [(e.text, e.receipt) for e in rows] == [("the server changed it", Receipt.DELIVERED)]
    assert view.chat_model.tracked_keys() == 0


def test_echoes_from_before_are_plain_rows_when_nothing_waits(qtbot):
    client = ChatClient(auto_reconnect=False)
    view = ChatView()
    qtbot.addWidget(view)
    own = OwnMessages(client, view)
    assert not own.claim_echo(Chat(3, "2026-11-24T10:00:00.000Z", "alice", "from yesterday"))


def test_receipt_marks_are_drawn_at_the_end_of_the_row(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(500, 200)
    view.show()
    view.add_own("a", "sent fine", "alice", receipt=Receipt.DELIVERED)
    view.add_own("b", "refused", "alice", receipt=Receipt.FAILED)
    view.set_receipt("b", Receipt.FAILED, "no user called nobody is here")
    view.flush()
    qtbot.waitUntil(lambda: view.visualRect(view.chat_model.index(1, 0)).height() > 0)
    image = view.viewport().grab().toImage()
    dark = False

    def has_color(row, color):
        rect = view.visualRect(view.chat_model.index(row, 0))
        mark_left = rect.right() - view.delegate.mark_width - 8
        for x in range(mark_left, rect.right()):
            for y in range(rect.top(), rect.top() + view.delegate.line_height + 6):
                pixel = QColor(image.pixel(x, y))
                if (
                    abs(pixel.red() - color.red()) < 40
                    and abs(pixel.green() - color.green()) < 40
                    and abs(pixel.blue() - color.blue()) < 40
                ):
                    return True
        return False

    assert has_color(0, delivered_color(dark))
    assert has_color(1, error_color(dark))
    # The reason is a second line of the failed row.
    heights = [view.visualRect(view.chat_model.index(r, 0)).height() for r in range(2)]
    assert heights[1] >= 2 * heights[0] - 8
    assert "Not delivered: no user called nobody is here" in view.chat_model.index(1, 0).data()


def test_a_receipt_change_at_100k_messages_updates_one_row_quickly(qtbot):
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    model = view.chat_model
    for batch in range(20):
        for i in range(5000):
            model.add(ChatEntry(EntryKind.CHAT, f"message {batch}-{i}", "10:00:00", "bob"))
        model.flush()
    for n in range(3):
        view.add_own(f"c-{n}", f"mine {n}", "alice")
    view.flush()
    assert model.rowCount() == 100_003
    view.scrollToBottom()
    qtbot.wait(1)

    changed = []
    model.dataChanged.connect(
        lambda first, last, roles: changed.append((first.row(), last.row(), list(roles)))
    )
    timings = []
    for n in range(3):  # best of three: a busy machine must not fail it
        start = time.perf_counter()
        assert view.set_receipt(f"c-{n}", Receipt.DELIVERED)
        view.viewport().repaint()
        timings.append(time.perf_counter() - start)
    # One row each, and not its height: the list is not laid out again.
    assert [(first, last) for first, last, _ in changed] == [(100_000 + n,) * 2 for n in range(3)]
    assert all(Qt.ItemDataRole.SizeHintRole not in roles for _, _, roles in changed)
    assert [model.entry(100_000 + n).receipt for n in range(3)] == [Receipt.DELIVERED] * 3
    assert min(timings) < 0.1, timings
    # A failure adds a line: then, and only then, the height changes too.
    changed.clear()
    view.add_own("c-9", "refused", "alice")
    view.flush()
    assert view.set_receipt("c-9", Receipt.FAILED, "no user called nobody is here")
    assert Qt.ItemDataRole.SizeHintRole in changed[-1][2]


def test_an_echo_with_an_id_finds_its_own_row_among_twins(qtbot):
    # Two messages with the same text in flight: the echo's id says which.
    client = ChatClient(auto_reconnect=False)
    view = ChatView()
    qtbot.addWidget(view)
    own = OwnMessages(client, view)
    client.nick = "alice"
    first = own.send("again")
    second = own.send("again")
    echo = Chat(9, "2026-11-24T10:00:00.000Z", "alice", "again", id=second)
    assert own.claim_echo(echo)
    assert own.echo_matched(second) and not own.echo_matched(first)
    # An echo whose id is not waiting is not ours to merge: shown as its own row.
    assert not own.claim_echo(Chat(10, "2026-11-24T10:00:00.000Z", "alice", "x", id="c-99"))


def test_an_echo_without_an_id_is_still_matched_by_text(qtbot):
    # Servers that do not send Chat.id (older ones): the text fallback.
    client = ChatClient(auto_reconnect=False)
    view = ChatView()
    qtbot.addWidget(view)
    own = OwnMessages(client, view)
    client.nick = "alice"
    message_id = own.send("old server")
    assert own.claim_echo(Chat(4, "2026-11-24T10:00:00.000Z", "alice", "old server"))
    assert own.echo_matched(message_id)
