"""Slash commands typed into a client mean what they mean for netcat users."""

from __future__ import annotations

from net_support import WAIT_MS

from chatapp.net.client import ClientState
from chatapp.net.typed_commands import COMMANDS, run_typed_line
from chatapp.protocol.plaintext import HELP_TEXT


def test_me_and_msg_are_sent_as_actions_and_private_messages(qtbot, connect_client):
    alice, bob = connect_client("alice"), connect_client("bob")
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as action:
        assert run_typed_line(alice, "/me dances") is None
    assert action.args[0].me and action.args[0].text == "dances"
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as private:
        run_typed_line(alice, "/msg bob psst")
    assert private.args[0].to == "bob" and private.args[0].text == "psst"


def test_nick_renames_while_connected(qtbot, connect_client):
    alice, bob = connect_client("alice"), connect_client("bob")
    with qtbot.waitSignal(bob.nick_changed, timeout=WAIT_MS) as renamed:
        run_typed_line(alice, "/nick alicia")
    assert renamed.args == ["alice", "alicia"]
    assert alice.nick == "alicia" and alice.state is ClientState.ONLINE


def test_who_help_and_mistakes_are_answered_locally(qtbot, connect_client):
    alice = connect_client("alice")
    connect_client("bob")
    qtbot.waitUntil(lambda: len(alice.users) == 2, timeout=WAIT_MS)
    assert run_typed_line(alice, "/who") == "users here (2): alice, bob"
    assert run_typed_line(alice, "/help") == HELP_TEXT
    assert run_typed_line(alice, "/msg bob") == "usage: /msg NICK TEXT"
    assert "unknown command /dance" in run_typed_line(alice, "/dance")
    assert run_typed_line(alice, "   ") is None
    assert not alice.outbox  # none of these was sent as a chat


def test_a_doubled_slash_says_the_line_as_it_is(qtbot, connect_client):
    alice, bob = connect_client("alice"), connect_client("bob")
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as said:
        run_typed_line(alice, "//me is not a command")
    assert said.args[0].text == "/me is not a command" and not said.args[0].me


def test_quit_leaves_the_room(qtbot, connect_client):
    alice = connect_client("alice")
    with qtbot.waitSignal(alice.disconnected, timeout=WAIT_MS):
        run_typed_line(alice, "/quit see you")
    assert alice.state is ClientState.DISCONNECTED


def test_every_command_is_offered_for_completion():
    assert set(COMMANDS) == {"/nick", "/msg", "/who", "/me", "/help", "/quit"}
