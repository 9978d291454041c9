"""The sender's copy of its chat carries its message id (Chat.id); nobody
else's does, and a private chat's recipient does not see it either."""

from net_support import WAIT_MS


def test_only_the_senders_echo_carries_its_message_id(qtbot, connect_client):
    alice = connect_client("alice")
    bob = connect_client("bob")
    with qtbot.waitSignal(alice.chat_received, timeout=WAIT_MS) as echoed, \
            qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as received:
        message_id = alice.send_text("same words")
    assert echoed.args[0].id == message_id
    assert received.args[0].id is None


def test_a_private_chat_carries_the_id_to_its_sender_only(qtbot, connect_client):
    alice = connect_client("alice")
    bob = connect_client("bob")
    with qtbot.waitSignal(alice.chat_received, timeout=WAIT_MS) as echoed, \
            qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as received:
        message_id = alice.send_text("psst", to="bob")
    assert (echoed.args[0].id, echoed.args[0].to) == (message_id, "bob")
    assert received.args[0].id is None


def test_the_operators_chats_carry_no_id(qtbot, server, connect_client):
    alice = connect_client("alice")
    with qtbot.waitSignal(alice.chat_received, timeout=WAIT_MS) as received:
        server.say("hello from the desk")
    assert received.args[0].id is None
