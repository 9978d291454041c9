"""Resume tokens, sans-IO (issue 14, items 3 and 10): only a secret proves
who resumes; the public client_id proves nothing."""

import json
import string

import pytest

from chatapp.protocol import HeartbeatSettings, Hello, Resume, Welcome, encode_message, parse_line
from chatapp.protocol.resume_token import (
    MIN_TOKEN_LENGTH,
    identity_from_token,
    new_identity,
)


def test_a_new_identity_holds_a_strong_secret_and_two_unrelated_ids():
    identity = new_identity()
    assert len(identity.token) >= MIN_TOKEN_LENGTH  # >= 128 bits of URL-safe base64
    assert set(identity.token) <= set(string.ascii_letters + string.digits + "-_")
    assert len(identity.public_id) == 32 and int(identity.public_id, 16) >= 0
    assert identity.public_id not in identity.dedup_key  # one tells nothing of the other
    assert identity.token not in repr(identity)
    assert new_identity().token != identity.token


def test_a_token_proves_the_same_identity_every_time():
    # Derived, not stored: it survives a server restart.
    identity = new_identity()
    again = identity_from_token(identity.token)
    assert again == identity


@pytest.mark.parametrize("token", [None, "", "short", "x" * 21, "a" * 129,
                                   "Z" * 30 + " ", "é" * 30, "A" * 30 + "\n"])
def test_a_missing_empty_or_malformed_token_proves_nothing(token):
    assert identity_from_token(token) is None


def test_the_public_id_is_not_a_token():
    victim = new_identity()
    # Presenting someone's public id (or their key) as a token gets another identity.
    for guess in (victim.public_id, victim.dedup_key):
        other = identity_from_token(guess)
        assert other is None or other.dedup_key != victim.dedup_key


def test_the_wire_fields_round_trip_and_v1_stays_valid():
    hello = Hello("alice", resume=Resume("pub", 7, "tok" * 10))
    wire = json.loads(encode_message(hello))
    assert wire["resume"] == {"client_id": "pub", "last_seq": 7, "token": "tok" * 10}
    assert parse_line(encode_message(hello).rstrip(b"\n")) == hello
    v1 = parse_line(b'{"type":"hello","v":1,"nick":"a","resume":{"client_id":"c","last_seq":1}}')
    assert v1.resume == Resume("c", 1)
    welcome = Welcome("alice", "pub", HeartbeatSettings(5, 15), resume_token="s" * 32)
    assert json.loads(encode_message(welcome))["resume_token"] == "s" * 32
    assert parse_line(encode_message(welcome).rstrip(b"\n")) == welcome
    assert "resume_token" not in json.loads(encode_message(Welcome("a", "", welcome.heartbeat)))


def test_reprs_never_show_the_secret():
    secret = "S" * 32
    assert secret not in repr(Hello("a", resume=Resume("pub", 1, secret)))
    assert secret not in repr(Welcome("a", "pub", HeartbeatSettings(5, 15), resume_token=secret))
    assert "pub" in repr(Resume("pub", 1, secret))
