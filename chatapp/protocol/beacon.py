"""The UDP beacon's datagrams (docs/PROTOCOL.md, "Finding servers"), sans-IO.

A beacon is one small UTF-8 JSON object per datagram. Three kinds travel:

    advert  a server says who it is:  {"chatapp": "beacon", "v": 1, "type": "advert",
            "id", "name", "port", "version", "users", "password", "fingerprint", "valid_s"}
    find    a client asks servers to advertise now (padded, see FIND_SIZE)
    bye     a server is stopping:     {"chatapp": "beacon", "v": 1, "type": "bye", "id"}

Anyone on the network can send anything to the beacon port, so decoding is
strict: a datagram is either one of these, checked field by field, or a
InvalidBeaconError saying why. Fields this version does not know are ignored, so
a later version can add some without breaking this one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from chatapp.protocol.advert import (
    FALLBACK_NAME,
    FINGERPRINT,
    MAX_USERS,
    SERVER_ID,
    VERSION,
    ServerAdvert,
    clean_server_name,
)

DEFAULT_BEACON_PORT = 2001
# Administratively scoped (RFC 2365, 239.255.0.0/16 is the local scope): never
# routed off the site, and TTL 1 keeps it on the link anyway.
BEACON_GROUP = "239.255.42.1"
BEACON_TTL = 1
BEACON_VERSION = 1
MAGIC_KEY, MAGIC_VALUE = "chatapp", "beacon"

MAX_DATAGRAM_SIZE = 1024  # bigger datagrams are refused unread
MIN_VALID_S, MAX_VALID_S = 3, 3600
DEFAULT_VALID_S = 95  # a bit more than three advert periods: two lost adverts are not a loss
# A find is padded to this size, and a server never answers with more bytes
# than the question had (QUIC's anti-amplification rule): a forged sender
# address gains an attacker nothing. The largest advert is smaller (tested).
FIND_SIZE = 640



class InvalidBeaconError(ValueError):
    """A datagram that is not a beacon we accept; str() says why, for the log."""


@dataclass(frozen=True)
class BeaconAdvert:
    advert: ServerAdvert
    valid_s: int  # forget the server if nothing is heard from it for this long


@dataclass(frozen=True)
class FindRequest:
    pass


@dataclass(frozen=True)
class Goodbye:
    server_id: str


Beacon = BeaconAdvert | FindRequest | Goodbye


# ---- encoding ---------------------------------------------------------------

def _envelope(kind: str, **fields: object) -> bytes:
    message = {MAGIC_KEY: MAGIC_VALUE, "v": BEACON_VERSION, "type": kind, **fields}
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_advert(advert: ServerAdvert, valid_s: int = DEFAULT_VALID_S) -> bytes:
    """Our own advert; our name is cleaned the same way a listener would."""
    return _envelope(
        "advert", id=advert.server_id, name=clean_server_name(advert.name) or FALLBACK_NAME,
        port=advert.port, version=advert.version, users=min(advert.users, MAX_USERS),
        password=advert.password_required, fingerprint=advert.fingerprint.replace(":", "").lower(),
        valid_s=valid_s,
    )


def encode_find() -> bytes:
    unpadded = _envelope("find", pad="")
    return _envelope("find", pad="." * (FIND_SIZE - len(unpadded)))


def encode_goodbye(server_id: str) -> bytes:
    return _envelope("bye", id=server_id)


# ---- decoding ---------------------------------------------------------------

def decode_beacon(datagram: bytes) -> Beacon:
    """The beacon in `datagram`, or InvalidBeaconError with the reason."""
    if len(datagram) > MAX_DATAGRAM_SIZE:
        raise InvalidBeaconError(f"{len(datagram)} bytes, more than {MAX_DATAGRAM_SIZE}")
    try:
        message = json.loads(datagram.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidBeaconError("not UTF-8") from None
    except (ValueError, RecursionError):
        raise InvalidBeaconError("not JSON") from None
    if not isinstance(message, dict) or message.get(MAGIC_KEY) != MAGIC_VALUE:
        raise InvalidBeaconError("not a chatapp beacon")
    version = message.get("v")
    if type(version) is not int:
        raise InvalidBeaconError("no beacon version")
    if version != BEACON_VERSION:
        raise InvalidBeaconError(f"beacon version {version}, this program speaks {BEACON_VERSION}")
    kind = message.get("type")
    if kind == "advert":
        return _decode_advert(message)
    if kind == "find":
        return FindRequest()
    if kind == "bye":
        return Goodbye(_server_id(message))
    raise InvalidBeaconError(f"unknown beacon type {str(kind)[:20]!r}")


def _field(message: dict, key: str, kind: type) -> object:
    value = message.get(key)
    # type() rather than isinstance(): JSON true is not the number 1 here.
    if type(value) is not kind:
        raise InvalidBeaconError(f"{key!r} must be {_KIND_NAMES[kind]}")
    return value


_KIND_NAMES = {str: "a string", int: "a whole number", bool: "true or false"}


def _int_in(message: dict, key: str, low: int, high: int) -> int:
    value = _field(message, key, int)
    if not low <= value <= high:
        raise InvalidBeaconError(f"{key!r} must be from {low} to {high}")
    return value


def _matching(message: dict, key: str, pattern: re.Pattern) -> str:
    value = _field(message, key, str)
    if not pattern.fullmatch(value):
        raise InvalidBeaconError(f"{key!r} is malformed")
    return value


def _server_id(message: dict) -> str:
    return _matching(message, "id", SERVER_ID)


def _decode_advert(message: dict) -> BeaconAdvert:
    raw_name = _field(message, "name", str)
    name = clean_server_name(raw_name[:MAX_DATAGRAM_SIZE])
    if not name:
        raise InvalidBeaconError("the name has nothing visible in it")
    advert = ServerAdvert(
        server_id=_server_id(message),
        name=name,
        port=_int_in(message, "port", 1, 65535),
        version=_matching(message, "version", VERSION),
        users=_int_in(message, "users", 0, MAX_USERS),
        password_required=_field(message, "password", bool),
        fingerprint=_matching(message, "fingerprint", FINGERPRINT),
    )
    return BeaconAdvert(advert, _int_in(message, "valid_s", MIN_VALID_S, MAX_VALID_S))
