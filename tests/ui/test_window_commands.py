"""Slash commands and Tab completion in the client window, as netcat users have them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_support import WAIT_MS

from chatapp.ui.completion import candidates


def type_and_send(qtbot, window, text: str) -> None:
    window.message_input.edit.setPlainText(text)
    qtbot.keyClick(window.message_input.edit, Qt.Key.Key_Return)


def texts(window) -> list[str]:
    window.chat_view.flush()
    return window.chat_view.texts()


def test_me_and_msg_from_the_window(qtbot, connect_client_window):
    alice, bob = connect_client_window("alice"), connect_client_window("bob")
    with qtbot.waitSignal(bob.client.chat_received, timeout=WAIT_MS) as action:
        type_and_send(qtbot, alice, "/me dances")
    assert action.args[0].me and action.args[0].text == "dances"
    with qtbot.waitSignal(bob.client.chat_received, timeout=WAIT_MS) as private:
        type_and_send(qtbot, alice, "/msg bob psst")
    assert private.args[0].to == "bob" and private.args[0].text == "psst"
    # Both show in alice's window as her own messages, delivered.
    qtbot.waitUntil(lambda: not alice.client.outbox, timeout=WAIT_MS)


def test_rename_while_connected(qtbot, connect_client_window):
    alice, bob = connect_client_window("alice"), connect_client_window("bob")
    with qtbot.waitSignal(bob.client.nick_changed, timeout=WAIT_MS):
        type_and_send(qtbot, alice, "/nick alicia")
    assert alice.client.nick == "alicia"
    assert not alice.client.outbox  # nothing went to the room as text


def test_who_help_and_usage_are_answered_in_the_window_only(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    connect_client_window("bob")
    qtbot.waitUntil(lambda: len(alice.client.users) == 2, timeout=WAIT_MS)
    type_and_send(qtbot, alice, "/who")
    type_and_send(qtbot, alice, "/help")
    type_and_send(qtbot, alice, "/msg bob")
    shown = texts(alice)
    assert any("users here (2): alice, bob" in line for line in shown)
    assert any("/nick NAME" in line for line in shown)
    assert any("usage: /msg NICK TEXT" in line for line in shown)
    assert not alice.client.outbox


def test_a_private_line_is_sent_as_typed_even_with_a_slash(qtbot, connect_client_window):
    alice, bob = connect_client_window("alice"), connect_client_window("bob")
    alice.message_input.set_recipient("bob")
    with qtbot.waitSignal(bob.client.chat_received, timeout=WAIT_MS) as private:
        type_and_send(qtbot, alice, "/who is asking")
    assert private.args[0].text == "/who is asking" and private.args[0].to == "bob"


def test_tab_completes_commands_and_nicks(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    connect_client_window("bob")
    connect_client_window("bea")
    qtbot.waitUntil(lambda: len(alice.client.users) == 3, timeout=WAIT_MS)
    edit = alice.message_input.edit
    edit.setFocus()
    edit.setPlainText("/wh")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.toPlainText() == "/who "
    edit.setPlainText("hi b")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.toPlainText() == "hi bea "
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # again: the next choice
    assert edit.toPlainText() == "hi bob "
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # and round again
    assert edit.toPlainText() == "hi bea "


def test_tab_with_nothing_to_complete_moves_the_focus_on(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    edit = alice.message_input.edit
    alice.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=WAIT_MS)
    edit.setPlainText("hello ")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.toPlainText() == "hello "
    assert not edit.hasFocus()


def test_candidates_are_commands_at_the_start_and_nicks_elsewhere():
    nicks = ["Bob", "alice", "bea"]
    assert candidates("/m", 2, nicks) == ["/msg", "/me"]
    assert candidates("say /m", 6, nicks) == []  # a command only starts a line
    assert candidates("b", 1, nicks) == ["bea", "Bob"]  # any case, sorted
    assert candidates("hi ", 3, nicks) == []  # no word: nothing to complete
    assert candidates("/msg al", 7, nicks) == ["alice"]
    assert candidates("alice", 5, nicks) == []  # already whole


def test_a_taken_nick_is_said_not_silently_changed(qtbot, connect_client_window):
    connect_client_window("alice")
    second = connect_client_window("alice")
    assert second.client.nick == "alice2"
    assert second.client.nick_taken == "alice"
    assert "The nick alice is taken in this room, so you are alice2" in second.banner.text()


def test_the_nick_asked_for_is_not_taken_when_granted(qtbot, connect_client_window):
    first = connect_client_window("alice")
    assert first.client.nick_taken == ""
    assert "is taken" not in first.banner.text()
