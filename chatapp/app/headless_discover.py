"""`chatapp-client --headless --discover`: find the server on the network
instead of being told its address.

Listens for up to --discover-timeout seconds (DNS-SD and the UDP beacon, on
--discovery-interfaces or every interface that is up). One server found: that
one. Several: the one --server NAME names, else the list and exit code 2 (a
choice the command line must make). None: a sentence and exit code 5.
"""

from __future__ import annotations

import argparse
import sys
import time

from PySide6.QtCore import QObject, QTimer, Signal

from ..protocol.advert import FoundServer

EXIT_CHOOSE = 2  # several servers and no --server: like a bad command line
EXIT_NOT_FOUND = 5
# Once a server is heard, others on the network answer the same request within
# moments: waiting this much longer (within the timeout) is enough to see them.
SETTLE_S = 0.8


def describe(found: FoundServer) -> str:
    advert = found.advert
    facts = [f"{advert.users} in the room"]
    if advert.password_required:
        facts.append("password needed")
    return f"{advert.name} at {found.host}:{advert.port} ({', '.join(facts)})"


def say(line: str) -> None:
    print(f"chatapp-client: {line}", file=sys.stderr, flush=True)


class DiscoverOnce(QObject):
    """Finds the one server to connect to; `chosen(host, port)` or `failed(exit code)`."""

    chosen = Signal(str, int)
    failed = Signal(int)

    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__()
        from ..net.discovery import ServerFinder

        self.wanted = args.server
        self.timeout_s = args.discover_timeout
        self.finder = ServerFinder(args.discovery_interfaces, args.beacon_port, self)
        self.finder.server_found.connect(self._on_finder_server_found)
        self._started = 0.0
        self._decided = False
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._decide)

    def start(self) -> None:
        self._started = time.monotonic()
        self.finder.start()
        say(self.finder.status or "looking for servers")
        self._timer.start(int(self.timeout_s * 1000))

    def _matches(self, found: FoundServer) -> bool:
        name = found.advert.name
        return self.wanted is not None and (
            name == self.wanted or name.casefold() == self.wanted.casefold()
        )

    def _on_finder_server_found(self, found: FoundServer) -> None:
        say(f"found {describe(found)} in {time.monotonic() - self._started:.2f} s")
        if self._matches(found):
            self._decide()
            return
        left = self.timeout_s - (time.monotonic() - self._started)
        if self.wanted is None and left > SETTLE_S:
            self._timer.start(int(SETTLE_S * 1000))

    def _decide(self) -> None:
        if self._decided:
            return
        self._decided = True
        self._timer.stop()
        servers = self.finder.servers
        self.finder.stop()
        picked = [s for s in servers if self._matches(s)] if self.wanted else servers
        if len(picked) == 1:
            found = picked[0]
            say(f"connecting to {describe(found)}")
            self.chosen.emit(found.host, found.advert.port)
        elif not servers:
            say(f"no chat server answered within {self.timeout_s:g} s. Is one running on this "
                "network, with discovery on? Give its address with --host instead.")
            self.failed.emit(EXIT_NOT_FOUND)
        elif self.wanted and not picked:
            say(f"no server named {self.wanted!r} was found; found: "
                + "; ".join(describe(s) for s in servers))
            self.failed.emit(EXIT_NOT_FOUND)
        else:
            say(f"{len(picked)} servers answered; choose one with --server NAME:")
            for found in picked:
                say(f"  {describe(found)}")
            self.failed.emit(EXIT_CHOOSE)
