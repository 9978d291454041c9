"""The windows talking to each other over loopback."""

from PySide6.QtCore import Qt
from ui_support import WAIT_MS, type_and_enter

from chatapp.ui.chat_model import EntryKind


def test_enter_in_a_client_shows_the_message_in_the_server_and_another_client(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    bob = connect_client_window("bob")

    type_and_enter(qtbot, alice, "hello from alice")

    qtbot.waitUntil(lambda: "hello from alice" in server_window.chat_view.texts(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "hello from alice" in bob.chat_view.texts(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "hello from alice" in alice.chat_view.texts(), timeout=WAIT_MS)
    assert alice.message_input.edit.toPlainText() == ""
    own = [e for e in alice.chat_view.chat_model.entries() if e.text == "hello from alice"]
    theirs = [e for e in bob.chat_view.chat_model.entries() if e.text == "hello from alice"]
    assert own[0].own and not theirs[0].own
    assert theirs[0].sender == "alice"


def test_shift_enter_adds_a_line_instead_of_sending(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    edit = alice.message_input.edit
    qtbot.keyClicks(edit, "one")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(edit, "two")
    assert edit.toPlainText() == "one\ntwo"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "one\ntwo" in server_window.chat_view.texts(), timeout=WAIT_MS)


def test_double_clicking_a_user_writes_privately(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    bob = connect_client_window("bob")
    carol = connect_client_window("carol")
    qtbot.waitUntil(lambda: "bob" in alice.user_list.nicks(), timeout=WAIT_MS)
    item = next(
        alice.user_list.item(i)
        for i in range(alice.user_list.count())
        if alice.user_list.item(i).text() == "bob"
    )
    alice.user_list.itemActivated.emit(item)  # what a double-click or Enter does
    assert alice.message_input.recipient == "bob"

    type_and_enter(qtbot, alice, "just for bob")

    qtbot.waitUntil(lambda: "just for bob" in bob.chat_view.texts(), timeout=WAIT_MS)
    entry = next(e for e in bob.chat_view.chat_model.entries() if e.text == "just for bob")
    assert entry.is_private and entry.to == "bob"
    qtbot.waitUntil(lambda: "just for bob" in server_window.chat_view.texts(), timeout=WAIT_MS)
    carol.chat_view.flush()
    assert "just for bob" not in carol.chat_view.texts()


def test_joins_and_leaves_show_as_notices(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    bob = connect_client_window("bob")
    qtbot.waitUntil(lambda: "bob joined" in alice.chat_view.texts(), timeout=WAIT_MS)
    bob.disconnect_button.click()
    qtbot.waitUntil(
        lambda: any(t.startswith("bob left") for t in alice.chat_view.texts()), timeout=WAIT_MS
    )
    kinds = {e.kind for e in alice.chat_view.chat_model.entries() if e.text.startswith("bob")}
    assert kinds == {EntryKind.NOTICE}


def test_the_server_operator_speaks_as_server(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    edit = server_window.operator_input.edit
    qtbot.keyClicks(edit, "welcome all")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "welcome all" in alice.chat_view.texts(), timeout=WAIT_MS)
    entry = next(e for e in alice.chat_view.chat_model.entries() if e.text == "welcome all")
    assert entry.sender == "server"
