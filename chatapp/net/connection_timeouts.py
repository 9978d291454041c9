"""A connection's few timeouts (connect, close, heartbeat...), each by its
kind, woken by the thread's one scheduler (chatapp/net/deadlines.py): a
QTimer each would cost memory and time with thousands of connections.

The owner is passed to each call rather than kept: the scheduler holds it
weakly, and a reference from here would make a cycle per connection.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from .deadlines import Owner
from .deadlines import scheduler as deadline_scheduler


class Timeouts:
    __slots__ = ("_due", "_wake_at")

    def __init__(self, kinds: int) -> None:
        # When each kind falls due (time.monotonic()), or None.
        self._due: list[float | None] = [None] * kinds
        self._wake_at: float | None = None  # when the scheduler will wake the owner

    def set(self, owner: Owner, kind: int, seconds: float | None) -> None:
        """Make `kind` fall due in `seconds` (None: cancel it)."""
        self.set_at(owner, kind, None if seconds is None else time.monotonic() + seconds)

    def cancel(self, owner: Owner, *kinds: int) -> None:
        for kind in kinds:
            self.set_at(owner, kind, None)

    def set_at(self, owner: Owner, kind: int, when: float | None) -> None:
        self._due[kind] = when
        if when is not None and (self._wake_at is None or when < self._wake_at):
            self._wake_at = deadline_scheduler().wake(owner, when)

    def is_expected(self, when: float) -> bool:
        """False for a wake-up asked for before a sooner one (stale: ignore it)."""
        return when == self._wake_at

    def take_due(self, owner: Owner, when: float) -> Iterator[int]:
        """The kinds due at the wake-up `when`, earliest first, each cleared
        as it is handed out. What handling one does (moving or cancelling
        another) is seen before the next; afterwards, the owner is woken again
        for what is still pending."""
        self._wake_at = None
        now = max(time.monotonic(), when)
        due = sorted((at, kind) for kind, at in enumerate(self._due)
                     if at is not None and at <= now)
        try:
            for at, kind in due:
                if self._due[kind] != at:
                    continue  # moved or cancelled by what an earlier one did
                self._due[kind] = None
                yield kind
        finally:
            pending = [at for at in self._due if at is not None]
            if pending and (self._wake_at is None or min(pending) < self._wake_at):
                self._wake_at = deadline_scheduler().wake(owner, min(pending))
