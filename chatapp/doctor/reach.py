"""Can this machine reach the server? A TCP connection with a deadline, and
the difference that matters to the fix: refused (nothing listens: start the
server, check the port), no answer (a firewall drops it), host unreachable
(nobody has that address), network unreachable (no route from here)."""

from __future__ import annotations

import errno
import socket
import threading
import time

from PySide6.QtCore import QCoreApplication

from .finding import OK, PROBLEM, WARNING, Finding
from .greeting_probe import (
    CHATAPP,
    CLOSED,
    FULL,
    GREETING_WAIT_S,
    SILENT,
    classify_greeting,
    read_greeting,
)
from .neighbours import INCOMPLETE, neighbour_state
from .resolve import NameNotFoundError, NameTimedOutError, NotANameError, resolve

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts


CONNECTED = "connected"
REFUSED = "refused"
NO_ANSWER = "no_answer"
HOST_UNREACHABLE = "host_unreachable"
NETWORK_UNREACHABLE = "network_unreachable"
BLOCKED_HERE = "blocked_here"  # this machine's own firewall said no
NAME_NOT_FOUND = "name_not_found"
FAILED = "failed"
# Tried beside the chat port when that gets no answer: if this one answers
# (even "refused"), the machine is there and only the chat port is dropped.
# Discard, almost never open and rarely filtered on its own.
OTHER_PORT = 9

_ERRNO_OUTCOMES = {
    errno.ECONNREFUSED: REFUSED,
    errno.EHOSTUNREACH: HOST_UNREACHABLE,
    errno.ENETUNREACH: NETWORK_UNREACHABLE,
    errno.EHOSTDOWN: HOST_UNREACHABLE,
    errno.ETIMEDOUT: NO_ANSWER,
    errno.EACCES: BLOCKED_HERE,
    errno.EPERM: BLOCKED_HERE,
}
for _name, _outcome in (("WSAECONNREFUSED", REFUSED), ("WSAEHOSTUNREACH", HOST_UNREACHABLE),
                        ("WSAENETUNREACH", NETWORK_UNREACHABLE), ("WSAETIMEDOUT", NO_ANSWER),
                        ("WSAEACCES", BLOCKED_HERE), ("WSAEHOSTDOWN", HOST_UNREACHABLE)):
    if hasattr(errno, _name):
        _ERRNO_OUTCOMES[getattr(errno, _name)] = _outcome


def outcome_of(error: OSError) -> str:
    if isinstance(error, TimeoutError):
        return NO_ANSWER
    code = getattr(error, "winerror", None) or error.errno
    return _ERRNO_OUTCOMES.get(code, FAILED)


def try_connect(address: str, port: int, timeout: float) -> tuple[str, socket.socket | None, str]:
    """(outcome, the connected socket or None, the system's words for a failure)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    connection = socket.socket(family, socket.SOCK_STREAM)
    connection.settimeout(timeout)
    try:
        connection.connect((address, port))
    except OSError as error:
        connection.close()
        return outcome_of(error), None, error.strerror or str(error) or type(error).__name__
    return CONNECTED, connection, ""



def reach_findings(host: str, port: int, timeout: float) -> list[Finding]:
    """Connect to host:port for at most `timeout` seconds (plus the greeting's wait)."""
    started = time.monotonic()

    def finding(verdict: str, sentence: str, done: str, **facts: object) -> Finding:
        return Finding("reach", verdict, sentence, done, time.monotonic() - started, facts)

    try:
        address = resolve(host, timeout)[0]
    except NotANameError:
        sentence = translate(
            "DoctorReach",
            "\"{host}\" is not a server name or address: type only the name or the address, "
            "such as 192.168.1.20, and the port in its own field.").format(host=host[:80])
        done = translate("DoctorReach", "Read the address: nothing was sent.")
        return [finding(PROBLEM, sentence, done, outcome=NAME_NOT_FOUND)]
    except (NameNotFoundError, NameTimedOutError) as error:
        timed_out = isinstance(error, NameTimedOutError)
        sentence = translate(
            "DoctorReach",
            "The name {host} was not found: check its spelling, or use the server's IP address "
            "(the server window lists its addresses).").format(host=host)
        done = (translate(
            "DoctorReach", "Looked up the name {host} for {seconds:g} s: no answer.")
            if timed_out else translate(
            "DoctorReach", "Looked up the name {host}: not found.")).format(
            host=host, seconds=timeout)
        return [finding(PROBLEM, sentence, done, outcome=NAME_NOT_FOUND)]
    where = address if address == host else f"{host} ({address})"

    other: dict[str, str] = {}
    side_probe = threading.Thread(
        target=lambda: other.setdefault("outcome", _closed_outcome(address, timeout)),
        name="doctor-other-port", daemon=True)
    side_probe.start()
    outcome, connection, words = try_connect(address, port, timeout)
    tried = translate(
        "DoctorReach", "Tried a TCP connection to {address} port {port} for {seconds:g} s"
    ).format(address=address, port=port, seconds=timeout)
    if connection is not None:
        with connection:
            data, closed = read_greeting(connection)
        return [_connected_finding(finding, where, port, tried, data, closed)]
    if outcome == REFUSED:
        return [finding(
            PROBLEM,
            translate(
                "DoctorReach",
                "Nothing listens on port {port} at {where}: is the server running, and on "
                "this port?").format(port=port, where=where),
            tried + translate("DoctorReach", ": refused at once."), outcome=REFUSED,
            address=address)]
    if outcome in (NO_ANSWER, HOST_UNREACHABLE):
        side_probe.join(timeout + 0.5)
        neighbour = neighbour_state(address)
        if neighbour == INCOMPLETE or outcome == HOST_UNREACHABLE:
            how = (translate("DoctorReach",
                             ": no machine on the network answered for this address.")
                   if neighbour == INCOMPLETE
                   else translate("DoctorReach", ": the system reports \"host unreachable\"."))
            return [finding(
                PROBLEM,
                translate(
                    "DoctorReach",
                    "No machine on the network answers at {where} (host unreachable): check the "
                    "address; the server's machine may be off, asleep, or on another network."
                ).format(where=where),
                tried + how, outcome=HOST_UNREACHABLE, address=address)]
        if other.get("outcome") in (REFUSED, CONNECTED):
            return [finding(
                PROBLEM,
                translate(
                    "DoctorReach",
                    "No answer from port {port} at {where} within {seconds:g} s, though that "
                    "machine answers on other ports: a firewall on the server's machine or on "
                    "the network drops connections to port {port}. Allow TCP port {port} (or "
                    "chatapp) in the server's firewall.").format(
                    port=port, where=where, seconds=timeout),
                tried + translate(
                    "DoctorReach", ": no answer; port {other} of the same machine answered."
                ).format(other=OTHER_PORT),
                outcome=NO_ANSWER, address=address, machine_answers=True)]
        return [finding(
            PROBLEM,
            translate(
                "DoctorReach",
                "No answer from {where} within {seconds:g} s: a firewall on the server's machine "
                "or on the network drops the connection, or that machine is off. Check the "
                "address, that the server's machine is on, and its firewall.").format(
                where=where, seconds=timeout),
            tried + translate(
                "DoctorReach", ": no answer, nor on port {other}.").format(other=OTHER_PORT),
            outcome=NO_ANSWER, address=address, machine_answers=False)]
    if outcome == NETWORK_UNREACHABLE:
        return [finding(
            PROBLEM,
            translate(
                "DoctorReach",
                "This machine has no route to {where} (network unreachable): it is not "
                "connected to that network. Check the address and this machine's network "
                "connection.").format(where=where),
            tried + translate("DoctorReach", ": the system has no route to it."),
            outcome=NETWORK_UNREACHABLE, address=address)]
    if outcome == BLOCKED_HERE:
        return [finding(
            PROBLEM,
            translate(
                "DoctorReach",
                "This machine's own firewall stops connections to {where} port {port}: allow "
                "chatapp (or outgoing TCP to port {port}) in this machine's firewall.").format(
                where=where, port=port),
            tried + f": {words}.", outcome=BLOCKED_HERE, address=address)]
    return [finding(
        PROBLEM,
        translate(
            "DoctorReach", "Could not connect to {where} port {port}: {words}.").format(
            where=where, port=port, words=words),
        tried + f": {words}.", outcome=FAILED, address=address)]


def _closed_outcome(address: str, timeout: float) -> str:
    outcome, connection, _words = try_connect(address, OTHER_PORT, timeout)
    if connection is not None:
        connection.close()
    return outcome


def _connected_finding(finding, where: str, port: int, tried: str, data: bytes,
                       closed: bool) -> Finding:
    kind, line = classify_greeting(data, closed)
    said = line[:80]
    if kind == CHATAPP:
        return finding(
            OK,
            translate(
                "DoctorReach", "A chatapp server answers at {where} port {port}.").format(
                where=where, port=port),
            tried + translate(
                "DoctorReach", ": connected; it greeted with \"{said}\".").format(said=said),
            outcome=CONNECTED, chatapp=True)
    if kind == FULL:
        return finding(
            WARNING,
            translate(
                "DoctorReach",
                "The chatapp server at {where} port {port} is full: ask its operator to raise "
                "the limit, or wait until someone leaves.").format(where=where, port=port),
            tried + translate(
                "DoctorReach", ": connected; it said \"{said}\".").format(said=said),
            outcome=CONNECTED, chatapp=True)
    if kind in (SILENT, CLOSED):
        how = (translate("DoctorReach",
                         ": connected, but it closed the connection without a word.")
               if kind == CLOSED
               else translate(
                   "DoctorReach", ": connected, then waited {seconds:g} s: it said nothing."
               ).format(seconds=GREETING_WAIT_S))
        return finding(
            WARNING,
            translate(
                "DoctorReach",
                "Something accepts connections at {where} port {port}, but it does not greet "
                "like a chatapp server: it may be another program, or an old chatapp. Check "
                "the port.").format(where=where, port=port),
            tried + how, outcome=CONNECTED, chatapp=False)
    return finding(
        WARNING,
        translate(
            "DoctorReach",
            "Something answers at {where} port {port}, but it is not a chatapp server (it said "
            "\"{said}\"): check the port number.").format(where=where, port=port, said=said),
        tried + translate(
            "DoctorReach", ": connected; it said \"{said}\".").format(said=said),
        outcome=CONNECTED, chatapp=False)

