"""chatapp-doctor: why can't they connect? Runs the doctor's checks (chatapp/doctor)
and prints one line per finding, the most important first. Exit code 0 when
nothing is wrong, 1 when a problem was found, 2 for bad arguments."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from .. import __version__
from .option_types import add_language_option, at_least, port_number, server_port
from .settings import DEFAULT_PORT

# Longer than this, a check would be waiting for something that is not coming.
LONGEST_TIMEOUT_S = 30.0
# The longest the doctor waits, once done, for discovery's background tasks to end.
SETTLE_S = 1.0


def _names(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not names:
        raise argparse.ArgumentTypeError("give at least one interface name, e.g. eth0")
    return names


def doctor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chatapp-doctor",
        description="Why can't they connect? Checks this machine's networks, the chat port, "
        "the way to the server, discovery and the firewall, and says what to do.",
    )
    parser.add_argument("--version", action="version", version=f"chatapp {__version__}")
    parser.add_argument("host", nargs="?", default="", metavar="HOST",
                        help="where the server should be (a name or an IP address)")
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=f"the chat port (default: {DEFAULT_PORT})")
    parser.add_argument("--server", action="store_true",
                        help="check this machine as the server: the port free or taken by "
                        "which program, its addresses, its firewall")
    parser.add_argument("--timeout", type=at_least(0.1, float), default=3.0, metavar="S",
                        help="how long to wait for the server to answer, in seconds (default: 3)")
    # The same names as the client's and the server's discovery flags.
    parser.add_argument("--no-discovery", action="store_true",
                        help="do not listen for servers announcing themselves")
    parser.add_argument("--discovery-interfaces", type=_names, default=(), metavar="NAME[,NAME]",
                        help="network interfaces discovery listens on, by name (default: every "
                        "one that is up)")
    parser.add_argument("--beacon-port", type=server_port, default=None, metavar="N",
                        help="the UDP beacon's port (default: the beacon's own)")
    add_language_option(parser)
    return parser


def _settle(loop: Any) -> None:
    """Give discovery's background tasks (zeroconf closing) a moment to end, so
    the program does not end in the middle of them."""
    import asyncio

    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    if tasks:
        loop.run_until_complete(asyncio.wait(tasks, timeout=SETTLE_S))


def run_doctor(argv: list[str]) -> int:
    parser = doctor_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.timeout > LONGEST_TIMEOUT_S:
        parser.print_usage(sys.stderr)
        print(f"chatapp-doctor: --timeout {args.timeout:g} is too long: at most "
              f"{LONGEST_TIMEOUT_S:g} s", file=sys.stderr)
        return 2
    if args.port == 0 and not args.server:
        print("chatapp-doctor: port 0 is no one's port: give the server's port with --port",
              file=sys.stderr)
        return 2
    import asyncio

    import qasync
    from PySide6.QtCore import QCoreApplication

    from ..doctor.finding import PROBLEM
    from ..doctor.report import finding_line, heading_for
    from ..doctor.run import DoctorRequest, DoctorRun
    from .i18n import install_translators

    if hasattr(sys.stdout, "reconfigure"):  # a console that cannot show every character
        sys.stdout.reconfigure(errors="replace")
    app = QCoreApplication.instance() or QCoreApplication(["chatapp-doctor"])
    install_translators(app, args.lang or "")
    request = DoctorRequest(args.host.strip(), args.port, as_server=args.server,
                            timeout=args.timeout, discovery=not args.no_discovery,
                            discovery_interfaces=args.discovery_interfaces,
                            beacon_port=args.beacon_port)
    print(heading_for(request.host, request.port, request.as_server, __version__), flush=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # What discovery's background tasks raise (zeroconf starting or closing,
    # even once the doctor is done) is not the user's concern and never a
    # traceback on their terminal: the loop reports it through these loggers.
    for reporter in ("asyncio", "qasync"):
        logging.getLogger(reporter).setLevel(logging.CRITICAL)
    doctor = DoctorRun(request)
    finished: asyncio.Future = loop.create_future()
    doctor.finished.connect(lambda findings: finished.done() or finished.set_result(findings))
    loop.call_soon(doctor.start)
    try:
        findings = loop.run_until_complete(finished)
    except KeyboardInterrupt:
        doctor.cancel()
        return 130
    _settle(loop)
    for finding in findings:
        print(finding_line(finding))
    print(f"({len(findings)} findings in {doctor.seconds:.1f} s)")
    return 1 if any(finding.verdict == PROBLEM for finding in findings) else 0
