"""Who may come in: connection limits and the password gate (PasswordGate:
when each password attempt from an address may be answered).

Plain bookkeeping, no Qt: the server asks before it accepts a socket and
tells it when one leaves.
"""

from __future__ import annotations

from collections import Counter

from ..protocol import errors as codes
from ..protocol.auth import PasswordGate


class Admission:
    def __init__(self, max_clients: int, max_per_address: int) -> None:
        self.max_clients = max_clients
        self.max_per_address = max_per_address
        self._per_address: Counter[str] = Counter()
        self.password_gate = PasswordGate()

    @property
    def connected(self) -> int:
        return sum(self._per_address.values())

    def refusal(self, address: str) -> tuple[str, str] | None:
        """(code, sentence) when a new connection from `address` must be refused."""
        if self.connected >= self.max_clients:
            return codes.SERVER_FULL, (
                f"The server is full ({self.max_clients} clients). Try again later."
            )
        if self._per_address[address] >= self.max_per_address:
            return codes.TOO_MANY_CONNECTIONS, (
                f"Too many connections from your address (at most {self.max_per_address})."
            )
        return None

    def admitted(self, address: str) -> None:
        self._per_address[address] += 1

    def left(self, address: str) -> None:
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]
