"""The wire protocol's messages as frozen dataclasses, with JSON encode/decode.

One JSON object per line; every object has "type". `decode_message` turns a
parsed object into a message or raises RemoteProtocolError with the code the
peer should hear; `encode_message` turns a message into one line of bytes.
Optional fields are left out of the JSON when they hold their default.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from .errors import (
    BAD_FIELD,
    INVALID_JSON,
    INVALID_UTF8,
    NOT_AN_OBJECT,
    UNKNOWN_TYPE,
    RemoteProtocolError,
)

PROTOCOL_VERSION = 1


@dataclass(frozen=True)
class Message:
    TYPE: ClassVar[str] = ""

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {"type": self.TYPE}
        for name, key, optional, default in _wire_fields(type(self)):
            value = getattr(self, name)
            if value is None or (optional and value == default):
                continue
            if isinstance(value, Message):
                value = value.to_wire()
                del value["type"]
            elif isinstance(value, tuple):
                value = list(value)
            wire[key] = value
        return wire


_WIRE_FIELDS: dict[type, tuple[tuple[str, str, bool, Any], ...]] = {}


def _wire_fields(cls: type) -> tuple[tuple[str, str, bool, Any], ...]:
    """(attribute, JSON key, optional, default) per field, worked out once per
    class: dataclasses.fields() on every encode was a fifth of its cost."""
    found = _WIRE_FIELDS.get(cls)
    if found is None:
        found = _WIRE_FIELDS[cls] = tuple(
            (f.name, f.metadata.get("wire", f.name), bool(f.metadata.get("optional")), f.default)
            for f in fields(cls)
        )
    return found


def _opt(default: Any = None, wire: str | None = None) -> Any:
    metadata: dict[str, Any] = {"optional": True}
    if wire:
        metadata["wire"] = wire
    return field(default=default, metadata=metadata)


def _repr_hiding(message: Message, secret: str) -> str:
    """repr() without a secret's value: reprs end up in logs and test reports."""
    parts = [
        f"{f.name}=<hidden>" if f.name == secret and getattr(message, f.name) else
        f"{f.name}={getattr(message, f.name)!r}"
        for f in fields(message)
    ]
    return f"{type(message).__name__}({', '.join(parts)})"


@dataclass(frozen=True)
class Resume(Message):
    client_id: str
    last_seq: int
    # The secret from the welcome's resume_token (extension): only it proves
    # who is resuming; client_id is public and proves nothing.
    token: str = _opt("")

    def __repr__(self) -> str:
        return _repr_hiding(self, "token")


@dataclass(frozen=True)
class HeartbeatSettings(Message):
    interval: float
    timeout: float


@dataclass(frozen=True)
class RateLimit(Message):
    """The server's flood limit, so a client can pace itself (extension)."""

    rate: float  # messages per second once the burst is spent
    burst: int


@dataclass(frozen=True)
class Hello(Message):
    TYPE = "hello"
    nick: str
    v: int = PROTOCOL_VERSION
    client: str = _opt("")
    resume: Resume | None = None


@dataclass(frozen=True)
class Welcome(Message):
    TYPE = "welcome"
    nick: str
    client_id: str
    heartbeat: HeartbeatSettings
    users: tuple[str, ...] = ()
    v: int = PROTOCOL_VERSION
    # The newest stored seq (extension): a client that saw higher numbers
    # knows the server's history was reset and stops expecting them.
    last_seq: int | None = None
    rate_limit: RateLimit | None = None
    # A secret for this client only (extension): sent back in hello.resume.token
    # to resume; client_id is derived from it and is public.
    resume_token: str | None = None

    def __repr__(self) -> str:
        return _repr_hiding(self, "resume_token")


@dataclass(frozen=True)
class Say(Message):
    """A message to the room, or to one user when `to` is set."""

    TYPE = "say"
    id: str
    text: str
    to: str | None = None
    me: bool = _opt(False)  # an action, "/me waves" (optional extension)


@dataclass(frozen=True)
class Ack(Message):
    TYPE = "ack"
    id: str
    seq: int


@dataclass(frozen=True)
class Chat(Message):
    TYPE = "chat"
    seq: int
    ts: str
    sender: str = field(metadata={"wire": "from"})
    text: str
    to: str | None = None
    me: bool = _opt(False)
    # The sender's message id (its say's), in the sender's own copy only:
    # its receipt matches the echo by id. Optional: older servers leave it out.
    id: str | None = None


@dataclass(frozen=True)
class Join(Message):
    TYPE = "join"
    nick: str


@dataclass(frozen=True)
class Leave(Message):
    TYPE = "leave"
    nick: str
    reason: str = _opt("")


@dataclass(frozen=True)
class NickChange(Message):
    """C->S: asks for a new nick. S->*: `old` is now `nick` (extension)."""

    TYPE = "nick"
    nick: str
    old: str | None = None


@dataclass(frozen=True)
class Users(Message):
    TYPE = "users"
    nicks: tuple[str, ...]


@dataclass(frozen=True)
class Ping(Message):
    TYPE = "ping"
    t: float


@dataclass(frozen=True)
class Pong(Message):
    TYPE = "pong"
    t: float


@dataclass(frozen=True)
class Error(Message):
    TYPE = "error"
    code: str
    message: str = ""
    id: str | None = None  # the `say` this error is about (extension): it failed


@dataclass(frozen=True)
class Challenge(Message):
    """S->C after hello, when the room has a password (extension)."""

    TYPE = "challenge"
    nonce: str


@dataclass(frozen=True)
class Auth(Message):
    """C->S: HMAC-SHA256(password, nonce) in hex (extension)."""

    TYPE = "auth"
    mac: str


@dataclass(frozen=True)
class Bye(Message):
    TYPE = "bye"
    reason: str = _opt("")


# --- decoding -------------------------------------------------------------

_MISSING = object()


def _field(obj: dict[str, Any], key: str, kind: type, default: Any = _MISSING) -> Any:
    value = obj.get(key)
    if value is None:
        if default is _MISSING:
            raise RemoteProtocolError(BAD_FIELD, f"field '{key}' is missing")
        return default
    ok: bool
    if kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok:
            # JSON's 1e400 parses to inf and a 400-digit integer overflows float():
            # neither can be echoed (a pong) or encoded again, so refuse them here.
            try:
                value = float(value)
            except OverflowError:
                value = math.inf
            if not math.isfinite(value):
                raise RemoteProtocolError(BAD_FIELD, f"field '{key}' must be a finite number")
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise RemoteProtocolError(BAD_FIELD, f"field '{key}' must be {kind.__name__}")
    if kind is str:
        _check_unicode(key, value)
    return value


def _check_unicode(key: str, value: str) -> None:
    # JSON's "\ud800" escape decodes to a lone surrogate, which cannot be
    # encoded as UTF-8: echoing it to other peers or storing it would raise.
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RemoteProtocolError(
                BAD_FIELD, f"field '{key}' holds a lone surrogate (not valid Unicode)"
            ) from None


def _string_list(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    items = _field(obj, key, list)
    if not all(isinstance(item, str) for item in items):
        raise RemoteProtocolError(BAD_FIELD, f"field '{key}' must be a list of strings")
    for item in items:
        _check_unicode(key, item)
    return tuple(items)


def _decode_hello(o: dict[str, Any]) -> Hello:
    resume_obj = _field(o, "resume", dict, None)
    resume = None
    if resume_obj is not None:
        resume = Resume(
            _field(resume_obj, "client_id", str),
            _field(resume_obj, "last_seq", int),
            _field(resume_obj, "token", str, ""),
        )
        if not 0 <= resume.last_seq < 2**63:  # a seq; the server hands it to SQLite
            raise RemoteProtocolError(BAD_FIELD, "field 'last_seq' must be a seq (0 to 2**63-1)")
    return Hello(
        nick=_field(o, "nick", str),
        v=_field(o, "v", int),
        client=_field(o, "client", str, ""),
        resume=resume,
    )


def _decode_welcome(o: dict[str, Any]) -> Welcome:
    hb = _field(o, "heartbeat", dict)
    return Welcome(
        nick=_field(o, "nick", str),
        client_id=_field(o, "client_id", str),
        heartbeat=HeartbeatSettings(_field(hb, "interval", float), _field(hb, "timeout", float)),
        users=_string_list(o, "users"),
        v=_field(o, "v", int),
        last_seq=_field(o, "last_seq", int, None),
        rate_limit=_decode_rate_limit(_field(o, "rate_limit", dict, None)),
        resume_token=_field(o, "resume_token", str, None),
    )


def _decode_rate_limit(obj: dict[str, Any] | None) -> RateLimit | None:
    if obj is None:
        return None
    return RateLimit(_field(obj, "rate", float), _field(obj, "burst", int))


_DECODERS: dict[str, Any] = {
    "hello": _decode_hello,
    "welcome": _decode_welcome,
    "say": lambda o: Say(
        _field(o, "id", str), _field(o, "text", str), _field(o, "to", str, None),
        _field(o, "me", bool, False),
    ),
    "ack": lambda o: Ack(_field(o, "id", str), _field(o, "seq", int)),
    "chat": lambda o: Chat(
        _field(o, "seq", int), _field(o, "ts", str), _field(o, "from", str),
        _field(o, "text", str), _field(o, "to", str, None), _field(o, "me", bool, False),
        _field(o, "id", str, None),
    ),
    "join": lambda o: Join(_field(o, "nick", str)),
    "leave": lambda o: Leave(_field(o, "nick", str), _field(o, "reason", str, "")),
    "nick": lambda o: NickChange(_field(o, "nick", str), _field(o, "old", str, None)),
    "users": lambda o: Users(_string_list(o, "nicks")),
    "ping": lambda o: Ping(_field(o, "t", float)),
    "pong": lambda o: Pong(_field(o, "t", float)),
    "error": lambda o: Error(
        _field(o, "code", str), _field(o, "message", str, ""), _field(o, "id", str, None)
    ),
    "bye": lambda o: Bye(_field(o, "reason", str, "")),
    "challenge": lambda o: Challenge(_field(o, "nonce", str)),
    "auth": lambda o: Auth(_field(o, "mac", str)),
}

MESSAGE_TYPES = frozenset(_DECODERS)


def decode_message(obj: Any) -> Message:
    """A parsed JSON value -> Message, or RemoteProtocolError."""
    if not isinstance(obj, dict):
        raise RemoteProtocolError(NOT_AN_OBJECT, "each line must be one JSON object")
    kind = obj.get("type")
    if not isinstance(kind, str):
        raise RemoteProtocolError(BAD_FIELD, "field 'type' is missing")
    decoder = _DECODERS.get(kind)
    if decoder is None:
        # repr(): the type is quoted back to the peer, so escape what could not be sent.
        raise RemoteProtocolError(UNKNOWN_TYPE, f"unknown message type {kind[:40]!r}")
    message: Message = decoder(obj)
    return message


def _reject_constant(name: str) -> None:
    # NaN and Infinity are Python's extension, not JSON: strict peers choke on them.
    raise ValueError(f"{name} is not valid JSON")


# One decoder for every line: json.loads() with options builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def parse_line(line: bytes) -> Message:
    """One frame (a line without its newline) -> Message, or RemoteProtocolError."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RemoteProtocolError(INVALID_UTF8, f"invalid UTF-8 at byte {exc.start}") from None
    try:
        obj = _DECODER.decode(text)
    except (ValueError, RecursionError) as exc:
        raise RemoteProtocolError(INVALID_JSON, f"invalid JSON: {exc}"[:200]) from None
    return decode_message(obj)


# One encoder for every message: json.dumps() with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_message(message: Message) -> bytes:
    """Message -> one line of UTF-8 JSON ending in a newline."""
    return _ENCODER.encode(message.to_wire()).encode("utf-8") + b"\n"
