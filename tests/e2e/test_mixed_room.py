"""A headless server process, two chatapp clients and a netcat-style peer,
talking in every direction."""

from shared_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatClient


def online_client(qtbot, port: int, nick: str) -> ChatClient:
    client = ChatClient()
    with qtbot.waitSignal(client.welcomed, timeout=WAIT_MS):
        client.connect_to(LOOPBACK, port, nick)
    return client


def test_json_clients_and_a_plain_text_peer_chat_in_every_direction(
    qtbot, server_process, raw_peer
):
    alice = online_client(qtbot, server_process.port, "alice")
    with qtbot.waitSignal(alice.user_joined, timeout=WAIT_MS):
        bob = online_client(qtbot, server_process.port, "bob")
    nc = raw_peer()

    # The plain peer's first line is a command: it names itself.
    with qtbot.waitSignal(alice.user_joined, timeout=WAIT_MS) as joined:
        nc.type_line("/nick carol")
    assert joined.args == ["carol"]
    qtbot.waitUntil(lambda: nc.saw("welcome to chatapp, carol"), timeout=WAIT_MS)

    # chatapp client -> everyone
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS):
        alice.send_text("hello from alice")
    qtbot.waitUntil(lambda: nc.saw("alice: hello from alice"), timeout=WAIT_MS)

    # plain peer -> chatapp clients (both: bob's copy must not land in the next step)
    with qtbot.waitSignal(alice.chat_received, timeout=WAIT_MS) as from_nc, \
            qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS):
        nc.type_line("hi from netcat")
    assert (from_nc.args[0].sender, from_nc.args[0].text) == ("carol", "hi from netcat")

    # chatapp client -> plain peer, privately: bob must not see it
    with qtbot.assertNotEmitted(bob.chat_received, wait=300):
        alice.send_text("secret for carol", to="carol")
        qtbot.waitUntil(
            lambda: nc.saw("[private to carol] alice: secret for carol"), timeout=WAIT_MS
        )

    # plain peer -> one chatapp client, privately
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS) as private:
        nc.type_line("/msg bob just between us")
    assert (private.args[0].sender, private.args[0].to, private.args[0].text) == (
        "carol", "bob", "just between us")

    # /who lists everyone; /quit leaves with a notice to the others
    nc.type_line("/who")
    qtbot.waitUntil(lambda: nc.saw("users here (3): alice, bob, carol"), timeout=WAIT_MS)
    with qtbot.waitSignal(alice.user_left, timeout=WAIT_MS) as left:
        nc.type_line("/quit gone fishing")
    assert left.args == ["carol", "gone fishing"]


def test_two_netcat_sessions_chat_with_each_other(qtbot, server_process, raw_peer):
    first, second = raw_peer(), raw_peer()
    first.type_line("hello, anyone?")
    qtbot.waitUntil(lambda: first.saw("welcome to chatapp, guest"), timeout=WAIT_MS)
    second.type_line("/nick dora")
    qtbot.waitUntil(lambda: first.saw("dora joined"), timeout=WAIT_MS)
    second.type_line("yes, me")
    qtbot.waitUntil(lambda: first.saw("dora: yes, me"), timeout=WAIT_MS)
    first.type_line("/me waves")
    qtbot.waitUntil(lambda: second.saw("* guest1 waves"), timeout=WAIT_MS)
