"""The sans-IO handshake (chatapp/protocol/handshake.py): events in, events out."""

from __future__ import annotations

import pytest

from chatapp.protocol import Auth, Bye, Challenge, Error, Hello, NickChange, Resume, Say, Welcome
from chatapp.protocol import errors as codes
from chatapp.protocol.auth import answer_challenge
from chatapp.protocol.handshake import (
    SILENT_NEWCOMER_DELAY,
    ClientHandshake,
    ClosePeer,
    HandshakeAccepted,
    HandshakeRefused,
    HoldInput,
    LocalHandshakeError,
    RefusePeer,
    ReleaseInput,
    SendToPeer,
    ServerHandshake,
    Welcomed,
)
from chatapp.protocol.messages import HeartbeatSettings
from chatapp.protocol.resume_token import identity_from_token, new_identity
from chatapp.protocol.session import ProtocolSession, Role

PASSWORD = "correct horse"


def server(password: str | None = None, gate_delay: float = 0.0) -> ServerHandshake:
    return ServerHandshake(
        started=100.0, password=password, hello_timeout=5.0, first_line_timeout=60.0,
        verdict_time=lambda _correct, now: now + gate_delay,
    )


def welcome(nick: str = "alice") -> Welcome:
    return Welcome(nick, "id", HeartbeatSettings(5, 15), (nick,))


def accepted(events) -> HandshakeAccepted:
    [event] = [e for e in events if isinstance(e, HandshakeAccepted)]
    return event


def test_an_open_room_accepts_a_valid_hello_at_once():
    hs = server()
    joined = accepted(hs.receive(Hello("alice"), 100.1))
    assert (joined.wanted, joined.hello, joined.resumed) == ("alice", Hello("alice"), False)
    assert joined.identity is not None  # a fresh session
    assert hs.done and hs.next_deadline() is None


def test_a_resume_token_proves_the_identity_and_a_forged_one_proves_nothing():
    old = new_identity()
    hello = Hello("alice", resume=Resume(old.public_id, 5, old.token))
    joined = accepted(server().receive(hello, 100.0))
    assert joined.resumed and joined.identity.dedup_key == old.dedup_key
    # The public client_id with a made-up (or malformed) token: a new session,
    # which replaces nobody.
    for forged in ("A" * 43, "not a token!", ""):
        hello = Hello("alice", resume=Resume(old.public_id, 5, forged))
        joined = accepted(server().receive(hello, 100.0))
        assert joined.identity.dedup_key != old.dedup_key
        assert joined.resumed == (identity_from_token(forged) is not None)


def test_an_invalid_nick_is_refused():
    events = server().receive(Hello(""), 100.1)
    assert [type(e) for e in events] == [RefusePeer]
    assert events[0].code == codes.INVALID_NICK


def test_password_room_challenges_then_tells_the_verdict_when_the_gate_allows():
    hs = server(PASSWORD, gate_delay=2.0)
    [sent] = hs.receive(Hello("alice"), 100.1)
    assert isinstance(sent, SendToPeer) and isinstance(sent.message, Challenge)
    nonce = sent.message.nonce
    assert hs.receive(Auth(answer_challenge(PASSWORD, nonce)), 100.2) == [HoldInput()]
    assert hs.next_deadline() == pytest.approx(102.2)
    events = hs.handle_timer(102.2)
    assert [type(e) for e in events] == [HandshakeAccepted, ReleaseInput]
    assert accepted(events).wanted == "alice"


def test_a_wrong_password_is_refused_only_when_the_gate_says():
    hs = server(PASSWORD, gate_delay=3.0)
    hs.receive(Hello("alice"), 100.0)
    assert hs.receive(Auth("not-the-mac"), 100.0) == [HoldInput()]
    [refusal] = hs.handle_timer(103.0)
    assert isinstance(refusal, RefusePeer) and refusal.code == codes.WRONG_PASSWORD


def test_auth_before_hello_is_a_plain_first_line_refused_in_a_password_room():
    [refusal] = server(PASSWORD).receive(Auth("mac"), 100.0)
    assert refusal.code == codes.PASSWORD_REQUIRED


def test_a_second_hello_while_challenged_is_told_to_answer_first():
    hs = server(PASSWORD)
    hs.receive(Hello("alice"), 100.0)
    [sent] = hs.receive(Hello("mallory"), 100.0)
    assert sent.message.code == codes.AUTH_REQUIRED
    assert hs.nonce is not None  # still the first challenge


def test_words_before_the_auth_are_refused_and_the_nonce_answers_once():
    hs = server(PASSWORD)
    hs.receive(Hello("alice"), 100.0)
    [sent] = hs.receive(Say("p-1", "hi"), 100.0)
    assert sent.message.code == codes.AUTH_REQUIRED


def test_a_plain_first_line_joins_as_guest_or_with_its_nick():
    assert server().receive(Say("p-1", "hi"), 100.0) == [HandshakeAccepted("", None)]
    assert server().receive(NickChange("bob"), 100.0) == [HandshakeAccepted("bob", None)]
    assert server().receive(NickChange(""), 100.0) == [HandshakeAccepted("", None)]


def test_bye_closes_and_a_refused_handshake_ignores_the_rest():
    hs = server()
    assert hs.receive(Bye("later"), 100.0) == [ClosePeer("later")]
    assert hs.receive(Hello("alice"), 100.0) == []


def test_using_a_finished_handshake_is_our_bug():
    hs = server()
    hs.receive(Hello("alice"), 100.0)
    with pytest.raises(LocalHandshakeError):
        hs.receive(Hello("alice"), 100.0)


def test_a_silent_newcomer_is_greeted_once_then_timed_out():
    hs = server()
    assert hs.next_deadline() == pytest.approx(100.0 + SILENT_NEWCOMER_DELAY)
    [greeting] = hs.handle_timer(101.0, silent=True)
    assert isinstance(greeting.message, str)
    assert hs.next_deadline() == pytest.approx(160.0)
    assert hs.handle_timer(130.0, silent=True) == []  # early: re-armed, not greeted twice
    [refusal] = hs.handle_timer(160.0)
    assert refusal.code == codes.HANDSHAKE_TIMEOUT and "first line" in refusal.message


def test_a_program_that_speaks_json_has_the_hello_timeout():
    hs = server()
    hs.first_data(b'  {"type":', 100.1)
    assert hs.next_deadline() == pytest.approx(105.0)
    [refusal] = hs.handle_timer(105.0)
    assert refusal.message == "no hello within 5 s"


def test_a_talking_peer_is_not_greeted_as_silent():
    hs = server()
    assert hs.handle_timer(101.0, silent=False) == []


@pytest.mark.parametrize("chunked", [False, True])
def test_byte_at_a_time_and_whole_chunk_give_the_same_handshake(chunked):
    """The server's session parses the bytes; the handshake sees the same events."""
    data = b'{"type":"hello","v":1,"nick":"alice"}\n{"type":"auth","mac":"x"}\n'
    session = ProtocolSession(Role.SERVER)
    hs = server(PASSWORD)
    hs.first_data(data[:1], 100.0)
    out = []
    for piece in ([data[i:i + 1] for i in range(len(data))] if chunked else [data]):
        session.receive_data(piece)
        while (event := session.next_event()) is not None:
            out.extend(type(e).__name__ for e in hs.receive(event, 100.0))
    assert out == ["SendToPeer", "HoldInput"]
    assert hs.speaks_json


def test_the_client_answers_the_challenge_with_its_password():
    client = ClientHandshake("alice", "test/1", PASSWORD)
    [hello] = client.start()
    assert hello.message == Hello("alice", client="test/1")
    [auth] = client.receive(Challenge("n0nce"))
    assert auth.message == Auth(answer_challenge(PASSWORD, "n0nce"))
    assert client.receive(Challenge("again")) == []  # one answer per connection
    assert client.receive(welcome()) == [Welcomed(welcome(), "")]


def test_the_client_without_a_password_gives_up_on_a_challenge():
    [refused] = ClientHandshake("alice", "t", None).receive(Challenge("n"))
    assert refused == HandshakeRefused(codes.PASSWORD_REQUIRED, "This room needs a password.")


def test_the_client_says_which_nick_was_taken_and_resumes_with_its_token():
    resume = Resume("pub", 7, "secret")
    client = ClientHandshake("Alice", "t", None, resume)
    assert client.start()[0].message.resume == resume
    [welcomed] = client.receive(welcome("Alice2"))
    assert welcomed.nick_taken == "Alice"


def test_the_server_never_sees_the_password_only_a_mac():
    client = ClientHandshake("alice", "t", PASSWORD)
    [auth] = client.receive(Challenge("n"))
    assert PASSWORD not in repr(auth) and PASSWORD not in str(auth.message.to_wire())


def test_an_error_is_not_the_handshakes_business():
    assert ClientHandshake("a", "t", None).receive(Error("x", "y")) == []
