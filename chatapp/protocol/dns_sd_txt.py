"""The DNS-SD TXT record of a chatapp server: what it says, and the strict
reading of one heard from the network (sans-IO: no sockets, no zeroconf).

Keys (docs/PROTOCOL.md, "Finding servers"):

    id     the server's random id for this run, hex (8 to 64 digits)
    name   the name the list shows (1 to 63 characters, no control characters)
    v      chatapp's version ("0.6.0")
    users  people in the room, decimal (0 to 999999)
    pw     "1" when the room has a password, "0" when not
    fp     SHA-256 of the TLS certificate as 64 hex digits, or empty without TLS

Anyone on the network can send any TXT record, so a record that breaks any of
these rules is dropped whole, with the reason (for the debug log).
"""

from __future__ import annotations

import re

from .advert import (
    FALLBACK_NAME,
    FINGERPRINT,
    MAX_USERS,
    SERVER_ID,
    VERSION,
    ServerAdvert,
    clean_server_name,
)

TXT_KEYS = ("id", "name", "v", "users", "pw", "fp")
MAX_NAME_CHARS = 63  # one DNS label: the name is also the service's instance name
MAX_NAME_BYTES = 63
MAX_VALUE_BYTES = 255  # one TXT string, key included, holds at most 255 bytes
MAX_RECORD_KEYS = 32  # a record with more keys than that is not a chatapp server's
_USERS = re.compile(r"[0-9]{1,6}")


class TxtError(ValueError):
    """Why a TXT record is not a chatapp server's advert."""


def clean_name(name: str) -> str:
    """A server's name as the list shows it (clean_server_name), fit for a DNS
    label too: no dots (they separate labels), at most 63 bytes of UTF-8."""
    kept = clean_server_name(name).replace(".", "-")
    while len(kept.encode("utf-8")) > MAX_NAME_BYTES:
        kept = kept[:-1]
    return kept.strip() or FALLBACK_NAME


def encode_txt(advert: ServerAdvert) -> dict[str, str]:
    """The TXT record's keys and values for a server's advert."""
    return {
        "id": advert.server_id,
        "name": clean_name(advert.name),
        "v": advert.version,
        "users": str(max(0, min(MAX_USERS, advert.users))),
        "pw": "1" if advert.password_required else "0",
        "fp": advert.fingerprint,
    }


def _text(properties: dict[bytes, bytes | None], key: str) -> str:
    raw = properties.get(key.encode("ascii"))
    if raw is None:
        raise TxtError(f"the key {key!r} is missing or has no value")
    if not isinstance(raw, bytes) or len(raw) + len(key) + 1 > MAX_VALUE_BYTES:
        raise TxtError(f"the value of {key!r} is too long")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TxtError(f"the value of {key!r} is not UTF-8") from None


def _match(pattern: re.Pattern[str], value: str, key: str) -> str:
    if not pattern.fullmatch(value):
        raise TxtError(f"the value of {key!r} is not valid: {value[:40]!r}")
    return value


def decode_txt(properties: object, port: object) -> ServerAdvert:
    """The advert in a TXT record heard from the network, or TxtError."""
    if not isinstance(properties, dict) or len(properties) > MAX_RECORD_KEYS:
        raise TxtError("the TXT record is not a set of at most 32 keys")
    if not all(isinstance(key, bytes) for key in properties):
        raise TxtError("the TXT record has keys that are not bytes")
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise TxtError(f"the port {port!r} is not a TCP port")
    server_id = _match(SERVER_ID, _text(properties, "id"), "id")
    name = _text(properties, "name")
    if (
        not name.strip()
        or len(name) > MAX_NAME_CHARS
        or len(name.encode("utf-8")) > MAX_NAME_BYTES
        or clean_name(name) != name
    ):
        raise TxtError(f"the name {name[:40]!r} is empty, too long or has control characters")
    version = _match(VERSION, _text(properties, "v"), "v")
    users = int(_match(_USERS, _text(properties, "users"), "users"))
    password = _text(properties, "pw")
    if password not in ("0", "1"):
        raise TxtError(f"the value of 'pw' is not 0 or 1: {password[:10]!r}")
    fingerprint = properties.get(b"fp")
    fp = _match(FINGERPRINT, _text(properties, "fp"), "fp") if fingerprint else ""
    return ServerAdvert(
        server_id=server_id,
        name=name,
        port=port,
        version=version,
        users=users,
        password_required=password == "1",
        fingerprint=fp,
    )
