"""A beacon announcer or listener in a test host (run with `host.popen`).

    beacon_child.py announce <interface> <udp_port> <server_id> <name>
    beacon_child.py listen <interface> <udp_port>
    beacon_child.py scan <interface> <tcp_port>      (Scan this network, then exit)

It prints one line per event, flushed: "ready", then for a listener
"heard <id> <host> <name>" and "lost <id>", for a scan "found <host> <port>"
and "finished <count> <cancelled> <seconds>". A line "stop" on stdin (or stdin
closing) stops it: an announcer sends its goodbye, then the process exits.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QSocketNotifier

from chatapp.net.beacon import BeaconAnnouncer, BeaconListener
from chatapp.protocol.advert import ServerAdvert


def say(*words: object) -> None:
    print(*words, flush=True)


def scan(app: QCoreApplication, interface: str, port: int) -> int:
    from chatapp.net.subnet_scan import SubnetScan

    began = time.monotonic()
    scanner = SubnetScan(port, [interface])
    scanner.found.connect(lambda host, found_port: say("found", host, found_port))
    scanner.finished.connect(lambda count, cancelled: (
        say("finished", count, cancelled, round(time.monotonic() - began, 2)), app.quit()))
    if not scanner.start():
        return 1
    return app.exec()


def main(argv: list[str]) -> int:
    app = QCoreApplication([])
    mode, interface, port = argv[0], argv[1], int(argv[2])
    if mode == "scan":
        return scan(app, interface, port)
    if mode == "announce":
        advert = ServerAdvert(argv[3], argv[4], 2000, "0.6.0", 1, False)
        endpoint = BeaconAnnouncer(lambda: advert, [interface], port)
    else:
        endpoint = BeaconListener([interface], port)
        endpoint.advert_heard.connect(lambda found: say(
            "heard", found.advert.server_id, found.host, found.advert.name))
        endpoint.advert_lost.connect(lambda server_id: say("lost", server_id))
    endpoint.failed.connect(lambda sentence: say("failed", sentence))

    def on_stdin() -> None:
        line = os.read(sys.stdin.fileno(), 1024)
        if not line or b"stop" in line:
            endpoint.stop()
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_stdin)
    if not endpoint.start():
        return 1
    say("ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
