"""What a server tells the network about itself, whichever way it is found.

The same facts travel in the DNS-SD TXT record (`_chatapp._tcp`) and in the UDP
beacon (docs/PROTOCOL.md, "Finding servers"); both decode into a ServerAdvert,
so the client's list merges them by `server_id` without caring how each came.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .validation import clean_text

SERVICE_TYPE = "_chatapp._tcp.local."

# What either way of finding a server accepts in an advert's fields.
SERVER_ID = re.compile(r"[0-9a-f]{8,64}")  # hex
VERSION = re.compile(r"[0-9A-Za-z.+_-]{1,32}")
FINGERPRINT = re.compile(r"(?:[0-9a-f]{64})?")  # SHA-256 hex, or none
MAX_USERS = 999_999
MAX_NAME_LENGTH = 64  # characters, after cleaning
FALLBACK_NAME = "chatapp"  # a server's own name with nothing visible in it is sent as this


@dataclass(frozen=True)
class ServerAdvert:
    server_id: str  # random per server run (hex); tells two servers on one host apart
    name: str  # what the list shows: the room's or the machine's name
    port: int  # the chat port (TCP)
    version: str  # chatapp's version, e.g. "0.6.0"
    users: int  # people in the room when the advert was made
    password_required: bool
    fingerprint: str = ""  # SHA-256 of the TLS certificate, hex; empty without TLS


@dataclass(frozen=True)
class FoundServer:
    """A server as the client's list shows it: an advert and where it was heard."""

    advert: ServerAdvert
    host: str  # the address to connect to (the sender's address, not one it claims)
    via: str  # "mdns" or "beacon"


def clean_server_name(name: str) -> str:
    """A server's name as a list may show it: NFC, on one line, without
    controls, format characters (bidi overrides, zero-width marks) or
    unassigned code points, spaces collapsed, at most MAX_NAME_LENGTH characters."""
    name = clean_text(unicodedata.normalize("NFC", name))
    kept = "".join(" " if ch.isspace() else ch for ch in name
                   if ch.isspace() or not unicodedata.category(ch).startswith("C"))
    return " ".join(kept.split())[:MAX_NAME_LENGTH].strip()
