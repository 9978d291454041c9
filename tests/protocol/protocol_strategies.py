"""Hypothesis strategies and helpers shared by the protocol tests.

Not a test module (no test_ prefix); pytest's default "prepend" import mode
puts this directory on sys.path, so test files import it by name.
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import strategies as st

from chatapp.protocol import (
    Ack,
    Auth,
    Bye,
    Challenge,
    Chat,
    Error,
    HeartbeatSettings,
    Hello,
    Join,
    Leave,
    NickChange,
    Ping,
    Pong,
    ProtocolSession,
    RateLimit,
    Resume,
    Say,
    Users,
    Welcome,
)

# st.text() leaves out surrogates, which JSON peers cannot send as UTF-8 anyway.
texts = st.text(max_size=40)
optional_texts = st.none() | texts
ints = st.integers(min_value=-(2**63), max_value=2**63)
seqs = st.integers(min_value=0, max_value=2**53)
finite_floats = st.floats(allow_nan=False, allow_infinity=False)
nick_lists = st.lists(texts, max_size=5).map(tuple)

resumes = st.builds(Resume, client_id=texts, last_seq=seqs, token=texts)
heartbeats = st.builds(HeartbeatSettings, interval=finite_floats, timeout=finite_floats)

# One strategy per message type; test_protocol_messages checks none is missing.
MESSAGE_STRATEGIES = {
    Hello: st.builds(Hello, nick=texts, v=ints, client=texts, resume=st.none() | resumes),
    Welcome: st.builds(
        Welcome, nick=texts, client_id=texts, heartbeat=heartbeats, users=nick_lists, v=ints,
        last_seq=st.none() | ints,
        rate_limit=st.none() | st.builds(RateLimit, rate=st.floats(0, 1e6), burst=ints),
        resume_token=optional_texts,
    ),
    Say: st.builds(Say, id=texts, text=texts, to=optional_texts, me=st.booleans()),
    Ack: st.builds(Ack, id=texts, seq=seqs),
    Chat: st.builds(
        Chat, seq=seqs, ts=texts, sender=texts, text=texts, to=optional_texts, me=st.booleans(),
        id=optional_texts,
    ),
    Join: st.builds(Join, nick=texts),
    Leave: st.builds(Leave, nick=texts, reason=texts),
    NickChange: st.builds(NickChange, nick=texts, old=optional_texts),
    Users: st.builds(Users, nicks=nick_lists),
    Ping: st.builds(Ping, t=finite_floats),
    Pong: st.builds(Pong, t=finite_floats),
    Error: st.builds(Error, code=texts, message=texts, id=st.none() | texts),
    Bye: st.builds(Bye, reason=texts),
    Challenge: st.builds(Challenge, nonce=texts),
    Auth: st.builds(Auth, mac=texts),
}

any_message = st.one_of(*MESSAGE_STRATEGIES.values())

# What each side may legally receive once greeted (mirrors the session's table).
SERVER_RECEIVES = (Say, Ping, Pong, Bye, NickChange)
CLIENT_RECEIVES = (Ack, Chat, Join, Leave, Users, Ping, Pong, Error, Bye, NickChange)

valid_hello = st.builds(Hello, nick=texts, client=texts, resume=st.none() | resumes)
valid_welcome = st.builds(
    Welcome, nick=texts, client_id=texts, heartbeat=heartbeats, users=nick_lists
)


def messages_for(kinds: Iterable[type]) -> st.SearchStrategy:
    return st.one_of(*(MESSAGE_STRATEGIES[kind] for kind in kinds))


# --- splitting a byte stream -----------------------------------------------


def split_at(data: bytes, cuts: Iterable[int]) -> list[bytes]:
    """`data` cut at the given offsets (out-of-range and repeated cuts ignored)."""
    points = sorted({cut for cut in cuts if 0 < cut < len(data)})
    bounds = [0, *points, len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def byte_at_a_time(data: bytes) -> list[bytes]:
    return [data[i : i + 1] for i in range(len(data))]


def draw_split(draw_data: st.DataObject, data: bytes) -> list[bytes]:
    """Random chunk boundaries for `data`, drawn inside a @given test."""
    cuts = draw_data.draw(
        st.lists(st.integers(min_value=0, max_value=max(len(data), 1)), max_size=30),
        label="cuts",
    )
    return split_at(data, cuts)


def session_events(session: ProtocolSession, chunks: Iterable[bytes]) -> list:
    """Feed chunks one by one and collect every event in order."""
    events = []
    for chunk in chunks:
        session.receive_data(chunk)
        events.extend(session.events())
    return events
