"""ReadTurns: whose history read may go to the disk next.

A resume asks for up to SINCE_LIMIT chats; sixty of them at once from one
student's laptop took the server to 1.9 GiB and stalled everyone's acks
(issue 14). Backlogs are therefore read a page at a time (backlog.py), and
this decides when each page read may start: at most `per_address` reads in
flight for one address and `in_total` for the whole server; the others wait
their turn, first come first served among those allowed to go.

Pure bookkeeping, no Qt: the owner calls ask() and done(), and withdraw()
when the asker leaves, so that a queued read of a gone peer never runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass
class _Waiting:
    address: str
    key: Hashable
    start: Callable[[], None]


class ReadTurns:
    def __init__(self, per_address: int, in_total: int) -> None:
        if per_address < 1 or in_total < per_address:
            raise ValueError("need 1 <= per_address <= in_total")
        self.per_address = per_address
        self.in_total = in_total
        self._waiting: list[_Waiting] = []  # in the order asked
        self._running: Counter[str] = Counter()  # reads in flight, per address

    @property
    def running(self) -> int:
        return sum(self._running.values())

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def running_for(self, address: str) -> int:
        return self._running[address]

    def ask(self, address: str, key: Hashable, start: Callable[[], None]) -> None:
        """Call start() when a read for `address` may run: now, or after a done()."""
        self._waiting.append(_Waiting(address, key, start))
        self._start_what_may_run()

    def done(self, address: str) -> None:
        """A read that was started has finished (or was abandoned)."""
        if self._running[address] <= 0:
            raise RuntimeError(f"done() without a running read for {address}")
        self._running[address] -= 1
        if not self._running[address]:
            del self._running[address]
        self._start_what_may_run()

    def withdraw(self, key: Hashable) -> None:
        """Forget the reads `key` is still waiting for (its peer left)."""
        self._waiting = [w for w in self._waiting if w.key != key]

    def _start_what_may_run(self) -> None:
        # Started one at a time, each removed first: a start() may call back
        # into ask() or done() (a read answered at once, in tests).
        while self.running < self.in_total:
            chosen = next(
                (w for w in self._waiting if self._running[w.address] < self.per_address),
                None,
            )
            if chosen is None:
                return
            self._waiting.remove(chosen)
            self._running[chosen.address] += 1
            chosen.start()
