"""Room password by challenge and response, so the password never crosses the wire.

The server sends a random nonce; the client answers HMAC-SHA256(password, nonce);
the server computes the same and compares in constant time. A listener on the
LAN sees the nonce and the answer, neither of which works for the next nonce.

PasswordGate is when each answer may be told: the verdicts for one address
come one at a time, spaced by that address's back-off, whether the guess was
right or wrong, so guessing from one address (over any number of connections)
is no faster than the back-off allows, and a verdict's timing tells nothing
the verdict itself does not.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import OrderedDict
from dataclasses import dataclass

NONCE_BYTES = 16
FIRST_FAILURE_DELAY = 0.5  # seconds after the first wrong password from an address
MAX_FAILURE_DELAY = 30.0  # the back-off grows no longer than this
# 2**MAX_DOUBLINGS * FIRST_FAILURE_DELAY is far past any sane cap; the exponent
# stops there so a long failure history never overflows a float (2**1024 did).
MAX_DOUBLINGS = 32
# The gate remembers at most this many addresses (the least recently seen are
# forgotten first), and forgets one whose back-off ran out this long ago: a
# spray of addresses cannot grow the server's memory without limit.
MAX_REMEMBERED_ADDRESSES = 4096
FORGET_AFTER = 3600.0


def new_nonce() -> str:
    return secrets.token_hex(NONCE_BYTES)


def answer_challenge(password: str, nonce: str) -> str:
    key = password.encode("utf-8")
    message = nonce.encode("ascii", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def check_answer(password: str, nonce: str, answer: str) -> bool:
    return hmac.compare_digest(answer_challenge(password, nonce), answer)


def failure_delay(
    failures: int, first: float = FIRST_FAILURE_DELAY, cap: float = MAX_FAILURE_DELAY
) -> float:
    """How long the next verdict for an address waits after `failures` wrong
    passwords from it in a row: 0, then first, 2 x first ... up to cap."""
    if failures <= 0:
        return 0.0
    return min(cap, first * 2.0 ** min(failures - 1, MAX_DOUBLINGS))


class OneTimeChallenge:
    """One nonce, good for exactly one answer: a second answer to the same
    nonce is wrong whatever it holds, so a nonce cannot be guessed against."""

    __slots__ = ("nonce", "_answered")

    def __init__(self, nonce: str | None = None) -> None:
        self.nonce = nonce or new_nonce()
        self._answered = False

    @property
    def answered(self) -> bool:
        return self._answered

    def check(self, password: str, answer: str) -> bool:
        if self._answered:
            return False
        self._answered = True
        return check_answer(password, self.nonce, answer)


@dataclass(slots=True)
class _AddressRecord:
    failures: int = 0  # wrong passwords in a row
    free_at: float = 0.0  # the next verdict for this address comes no sooner


class PasswordGate:
    """When the verdict on each password attempt is due, per address (sans-IO:
    the caller passes `now`, from a monotonic clock)."""

    def __init__(
        self,
        first: float = FIRST_FAILURE_DELAY,
        cap: float = MAX_FAILURE_DELAY,
        max_addresses: int = MAX_REMEMBERED_ADDRESSES,
        forget_after: float = FORGET_AFTER,
    ) -> None:
        self.first = first
        self.cap = cap
        self.max_addresses = max_addresses
        self.forget_after = forget_after
        self._records: OrderedDict[str, _AddressRecord] = OrderedDict()  # oldest first

    def __len__(self) -> int:
        return len(self._records)

    def failures(self, address: str) -> int:
        record = self._records.get(address)
        return record.failures if record else 0

    def delay_after(self, failures: int) -> float:
        return failure_delay(failures, self.first, self.cap)

    def attempt(self, address: str, correct: bool, now: float) -> float:
        """An answer arrived from `address`: returns when its verdict is due.

        That time depends only on earlier attempts, never on this one's
        correctness; this one's outcome spaces the verdicts after it (a wrong
        guess doubles the wait, a right one clears the address's record).
        """
        self._forget_old(now)
        record = self._records.pop(address, None) or _AddressRecord(free_at=now)
        verdict_at = max(now, record.free_at)
        record.failures = 0 if correct else record.failures + 1
        record.free_at = verdict_at + self.delay_after(record.failures)
        self._records[address] = record  # now the most recently seen
        while len(self._records) > self.max_addresses:
            self._records.popitem(last=False)
        return verdict_at

    def _forget_old(self, now: float) -> None:
        # In the order last seen, oldest first. A long back-off can keep an old
        # record at the front while newer ones behind it are stale: they wait
        # their turn, and max_addresses bounds them meanwhile.
        records = self._records
        while records:
            address, record = next(iter(records.items()))
            if record.free_at + self.forget_after > now:
                break
            del records[address]
