"""Room password by challenge and response, so the password never crosses the wire.

The server sends a random nonce; the client answers HMAC-SHA256(password, nonce);
the server computes the same and compares in constant time. A listener on the
LAN sees the nonce and the answer, neither of which works for the next nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

NONCE_BYTES = 16


def new_nonce() -> str:
    return secrets.token_hex(NONCE_BYTES)


def answer_challenge(password: str, nonce: str) -> str:
    key = password.encode("utf-8")
    message = nonce.encode("ascii", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def check_answer(password: str, nonce: str, answer: str) -> bool:
    return hmac.compare_digest(answer_challenge(password, nonce), answer)


def failure_delay(failures: int, first: float = 0.5, cap: float = 30.0) -> float:
    """How long the server waits before answering after `failures` wrong
    passwords from one address: guessing gets slower and slower."""
    if failures <= 0:
        return 0.0
    return min(cap, first * 2 ** (failures - 1))
