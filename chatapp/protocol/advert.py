"""What a server tells the network about itself, whichever way it is found.

The same facts travel in the DNS-SD TXT record (`_chatapp._tcp`) and in the UDP
beacon (docs/PROTOCOL.md, "Finding servers"); both decode into a ServerAdvert,
so the client's list merges them by `server_id` without caring how each came.
"""

from __future__ import annotations

from dataclasses import dataclass

SERVICE_TYPE = "_chatapp._tcp.local."


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
