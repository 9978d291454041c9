"""Who a reconnecting client is: proved by a secret, not claimed by an id.

The server gives each JSON client a resume token in its welcome: a random
secret the client keeps and sends back in hello.resume.token to resume. Both
ids the server uses are derived from it, so they need no storage and survive
a server restart:
  - public_id: shown as welcome.client_id. Knowing it proves nothing.
  - dedup_key: what the server keys de-duplication and stale-connection
    replacement on. Never sent; only someone holding the token can make the
    server derive it.
A token that is missing, empty or malformed proves nothing: fresh session.
An unknown but well-formed one proves only itself (a client that made one up
gets a session of its own; it cannot reach anyone else's key without their
token).
"""

from __future__ import annotations

import hashlib
import secrets
import string
from dataclasses import dataclass

TOKEN_BYTES = 24  # 192 bits, 32 characters of URL-safe base64
MIN_TOKEN_LENGTH = 22  # 22 base64 characters hold 128 bits
MAX_TOKEN_LENGTH = 128
PUBLIC_ID_LENGTH = 32  # hex characters: 128 bits
_TOKEN_ALPHABET = frozenset(string.ascii_letters + string.digits + "-_")


@dataclass(frozen=True, slots=True)
class SessionIdentity:
    token: str  # the secret, for the welcome only
    public_id: str  # welcome.client_id
    dedup_key: str  # private: de-duplication and stale-peer replacement

    def __repr__(self) -> str:  # never print the secret into a log or a test report
        return f"SessionIdentity(public_id={self.public_id!r})"


def _derive(purpose: bytes, token: str) -> str:
    # A different hash input per purpose: the public id tells nothing about the key.
    return hashlib.sha256(purpose + b"\0" + token.encode("ascii")).hexdigest()


def identity_from_token(token: str | None) -> SessionIdentity | None:
    """The identity a token proves, or None when it proves nothing."""
    if (
        not token
        or not MIN_TOKEN_LENGTH <= len(token) <= MAX_TOKEN_LENGTH
        or not _TOKEN_ALPHABET.issuperset(token)
    ):
        return None
    return SessionIdentity(
        token=token,
        public_id=_derive(b"chatapp public id", token)[:PUBLIC_ID_LENGTH],
        dedup_key=_derive(b"chatapp dedup key", token),
    )


def new_identity() -> SessionIdentity:
    identity = identity_from_token(secrets.token_urlsafe(TOKEN_BYTES))
    assert identity is not None
    return identity
