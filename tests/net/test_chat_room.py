"""ChatServer and ChatClient over real loopback sockets."""

import pytest
from net_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatClient, ChatServer, ClientState, NetError


def test_two_clients_chat_and_get_acks(qtbot, connect_client):
    alice = connect_client("alice")
    bob = connect_client("bob")
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as received, \
            qtbot.waitSignal(alice.message_acked, timeout=WAIT_MS) as acked:
        message_id = alice.send_text("hi bob")
    chat = received.args[0]
    assert (chat.sender, chat.text, chat.to) == ("alice", "hi bob", None)
    assert acked.args == [message_id, chat.seq]


def test_join_and_leave_notices_and_user_list(qtbot, server, connect_client):
    alice = connect_client("alice")
    with qtbot.waitSignal(alice.user_joined, timeout=WAIT_MS) as joined:
        bob = connect_client("bob")
    assert joined.args == ["bob"]
    assert alice.users == ["alice", "bob"] and bob.users == ["alice", "bob"]
    with qtbot.waitSignal(alice.user_left, timeout=WAIT_MS) as left:
        bob.disconnect_from_server("bye all")
    assert left.args[0] == "bob"
    assert alice.users == ["alice"]
    qtbot.waitUntil(lambda: server.users() == ["alice"], timeout=WAIT_MS)


def test_taken_nick_gets_a_suffix_case_insensitively(connect_client):
    connect_client("Alice")
    second = connect_client("alice")
    assert second.nick == "alice2"


def test_invalid_nick_is_refused_with_a_reason(qtbot, server):
    client = ChatClient()
    with qtbot.waitSignal(client.server_error, timeout=WAIT_MS) as error, \
            qtbot.waitSignal(client.disconnected, timeout=WAIT_MS):
        client.connect_to(LOOPBACK, server.port, "has space")
    assert error.args[0] == "invalid_nick"


def test_private_message_reaches_only_its_two_ends(qtbot, connect_client):
    alice, bob, carol = connect_client("alice"), connect_client("bob"), connect_client("carol")
    with qtbot.assertNotEmitted(carol.chat_received, wait=200), \
            qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as to_bob, \
            qtbot.waitSignal(alice.chat_received, timeout=WAIT_MS) as echo:
        alice.send_text("psst", to="BOB")
    assert to_bob.args[0].to == "bob" and to_bob.args[0].text == "psst"
    assert echo.args[0].seq == to_bob.args[0].seq


def test_private_message_to_nobody_is_an_error(qtbot, connect_client):
    alice = connect_client("alice")
    with qtbot.waitSignal(alice.server_error, timeout=WAIT_MS) as error:
        alice.send_text("hello?", to="ghost")
    assert error.args[0] == "unknown_user"


def test_operator_speaks_to_the_room_and_privately(qtbot, server, connect_client):
    alice, bob = connect_client("alice"), connect_client("bob")
    with qtbot.waitSignal(alice.chat_received, timeout=WAIT_MS) as room:
        server.say("welcome all")
    assert room.args[0].sender == "server"
    with qtbot.assertNotEmitted(alice.chat_received, wait=200), \
            qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as private:
        server.say("just you", to="bob")
    assert private.args[0].to == "bob"


def test_joining_client_gets_recent_history(qtbot, connect_client):
    alice = connect_client("alice")
    with qtbot.waitSignal(alice.message_acked, timeout=WAIT_MS):
        alice.send_text("before bob came")
    bob = ChatClient()
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as history:
        bob.connect_to(LOOPBACK, alice.connection.peer_port, "bob")
    assert history.args[0].text == "before bob came"


def test_kick_disconnects_with_the_reason(qtbot, server, connect_client):
    alice, bob = connect_client("alice"), connect_client("bob")
    peer = next(p for p in server.peers if p.nick == "bob")
    with qtbot.waitSignal(bob.disconnected, timeout=WAIT_MS) as gone, \
            qtbot.waitSignal(alice.user_left, timeout=WAIT_MS) as left:
        server.kick(peer, "too loud")
    assert "too loud" in gone.args[0]
    assert left.args == ["bob", "too loud"]


def test_stop_tells_clients_and_disconnects_them(qtbot, server, connect_client):
    alice = connect_client("alice")
    with qtbot.waitSignal(alice.disconnected, timeout=WAIT_MS) as gone, \
            qtbot.waitSignal(server.listening_changed, timeout=WAIT_MS):
        server.stop("maintenance")
    assert "maintenance" in gone.args[0]
    assert not server.is_listening
    assert alice.state is ClientState.WAITING  # it will try to come back by itself


def test_port_in_use_is_a_readable_error(server):
    second = ChatServer()
    with pytest.raises(NetError) as caught:
        second.listen(LOOPBACK, server.port)
    assert f"Port {server.port} is already in use" in caught.value.message


def test_refused_connection_is_a_readable_error(qtbot, server):
    port = server.port
    server.stop()
    client = ChatClient()
    with qtbot.waitSignal(client.disconnected, timeout=WAIT_MS) as gone:
        client.connect_to(LOOPBACK, port, "alice")
    assert "refused" in gone.args[0]
    assert client.state is ClientState.DISCONNECTED


def test_nick_change_is_announced(qtbot, connect_client):
    alice, bob = connect_client("alice"), connect_client("bob")
    with qtbot.waitSignal(alice.nick_changed, timeout=WAIT_MS) as changed:
        bob.connection.send(
            __import__("chatapp.protocol", fromlist=["NickChange"]).NickChange("robert")
        )
    assert changed.args == ["bob", "robert"]
    assert "robert" in alice.users
