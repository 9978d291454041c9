"""A client's ServerFinder in a test host (run with `host.popen`), as the
client window has it: DNS-SD and the UDP beacon on Qt's loop as asyncio's.

    finder_child.py <interface> <seconds> [<udp_port>]

Prints one JSON line per event, flushed: {"event": "found"|"changed", "id",
"host", "port", "name", "users", "via", "t"} or {"event": "gone", "id", "t"},
t being seconds since the finder started; first {"event": "status", ...}.
Exits after <seconds>, or when stdin closes.
"""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer

from chatapp.app.asyncio_loop import run_qt_as_asyncio
from chatapp.net.discovery import ServerFinder


def main(argv: list[str]) -> int:
    app = QCoreApplication([])
    finder = ServerFinder([argv[0]], int(argv[2]) if len(argv) > 2 else None)
    started = time.monotonic()

    def say(event: str, **facts: object) -> None:
        print(json.dumps({"event": event, "t": round(time.monotonic() - started, 3), **facts}),
              flush=True)

    def heard(event: str, found) -> None:
        advert = found.advert
        say(event, id=advert.server_id, host=found.host, port=advert.port, name=advert.name,
            users=advert.users, via=found.via)

    finder.server_found.connect(lambda found: heard("found", found))
    finder.server_changed.connect(lambda found: heard("changed", found))
    finder.server_gone.connect(lambda server_id: say("gone", id=server_id))
    finder.status_changed.connect(lambda status: say("status", status=status))

    def on_stdin() -> None:
        if not os.read(sys.stdin.fileno(), 1024):
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_stdin)
    QTimer.singleShot(0, finder.start)
    QTimer.singleShot(int(float(argv[1]) * 1000), app.quit)
    run_qt_as_asyncio(app)
    finder.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
