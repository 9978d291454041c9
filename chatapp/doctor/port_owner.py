"""Is the chat port free on this machine, and if not, which program holds it?
For the server side: "port in use" is useless without a name to close."""

from __future__ import annotations

import errno
import os
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from .commands import TookTooLongError, call_bounded
from .finding import INFO, OK, PROBLEM, WARNING, Finding

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts


# Ports below this need administrator rights to listen on (Linux, macOS before 10.14).
PRIVILEGED_PORTS = 1024
LISTEN = "LISTEN"
LOOPBACK_ONLY = ("127.0.0.1", "::1")
# Listing every connection of a busy machine may take a while; no longer than this.
LOOKUP_TIMEOUT_S = 3.0
# The most of a command line a finding quotes.
COMMAND_SHOWN = 120
# The programs that run a chat server (a window or headless).
CHATAPP_PROGRAMS = {"chatapp", "chatapp-server", "chatapp-demo"}


@dataclass(frozen=True)
class PortHolder:
    pid: int | None  # None: the system does not say (another user's program)
    name: str  # "python3", or "" when unknown
    command: str  # its command line, shortened
    address: str  # the address it listens on: "0.0.0.0", "127.0.0.1"...


def looks_like_chatapp(name: str, command: str) -> bool:
    """A chatapp server: its script or bundle, `python -m chatapp`, or its entry point."""
    words = command.replace("\\", "/").split()
    programs = {word.rsplit("/", 1)[-1].lower().removesuffix(".exe") for word in words}
    return (name.lower().startswith("chatapp")
            or bool(programs & CHATAPP_PROGRAMS)
            or "-m chatapp" in command
            or any(f"import {entry}" in command for entry in ("server_main", "demo_main")))


def bind_refusal(port: int) -> int | None:
    """The errno with which binding the port fails here, or None if it is free.
    Binds without listening and closes at once: no one can connect meanwhile."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as the server does: a port in TIME_WAIT is still free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError as error:
            return error.errno
    return None


def _process_details(pid: int) -> tuple[str, str]:
    import psutil

    try:
        process = psutil.Process(pid)
        name = process.name()
        try:
            command = " ".join(" ".join(process.cmdline()).split())
        except (psutil.AccessDenied, psutil.ZombieProcess):
            command = name
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return "", ""
    return name, command[:COMMAND_SHOWN]


def listeners(port: int, connections: Iterable[Any] | None = None,
              details: Callable[[int], tuple[str, str]] = _process_details) -> list[PortHolder]:
    """Who listens on TCP `port` (psutil's view by default); raises PermissionError
    where the system will not tell (macOS without administrator rights)."""
    if connections is None:
        import psutil

        try:
            connections = psutil.net_connections(kind="tcp")
        except psutil.AccessDenied as error:
            raise PermissionError(str(error)) from error
    holders = []
    for connection in connections:
        if connection.status != LISTEN or not connection.laddr or connection.laddr.port != port:
            continue
        name, command = details(connection.pid) if connection.pid else ("", "")
        holders.append(PortHolder(connection.pid, name, command, connection.laddr.ip))
    return holders



def port_findings(port: int, own_server_port: int | None = None,
                  connections: Iterable[Any] | None = None,
                  details: Callable[[int], tuple[str, str]] = _process_details,
                  refusal: Callable[[int], int | None] = bind_refusal) -> list[Finding]:
    """own_server_port: the port this program's own server listens on (the server window)."""
    started = time.monotonic()

    def finding(verdict: str, sentence: str, done: str, **facts: object) -> Finding:
        return Finding("port", verdict, sentence, done, time.monotonic() - started, facts)

    if port == 0:
        sentence = translate("DoctorPort", "Port 0 lets the system pick a free port each time: "
                             "clients must then be told the port the server shows.")
        return [finding(INFO, sentence, translate("DoctorPort", "Nothing to check."))]
    done = translate(
        "DoctorPort", "Tried to reserve TCP port {port} on this machine, then asked the "
                      "system which program listens on it.").format(port=port)
    refused = refusal(port)
    try:
        holders = call_bounded(lambda: listeners(port, connections, details), LOOKUP_TIMEOUT_S)
    except (PermissionError, TookTooLongError):
        holders = None  # binding still tells whether the port is taken
    if holders:
        return [_taken_finding(finding, port, holders, own_server_port, done)]
    if refused in (errno.EACCES, errno.EPERM):
        return [finding(PROBLEM, translate(
            "DoctorPort", "Port {port} needs administrator rights on this system: start the "
            "server on a port above 1023 with --port (2000 is chatapp's).").format(port=port),
            done, taken=False)]
    if refused is not None:
        sentence = translate(
            "DoctorPort", "Port {port} is already used on this machine, by a program the "
            "system does not name (it may belong to another user; run the doctor as "
            "administrator to see which). Close it or start the server on another port with "
            "--port.").format(port=port)
        return [finding(PROBLEM, sentence, done, taken=True)]
    return [finding(OK, translate(
        "DoctorPort", "Port {port} is free on this machine: the server can listen on it."
    ).format(port=port), done, taken=False)]


def _taken_finding(finding, port: int, holders: list[PortHolder], own_server_port: int | None,
                   done: str) -> Finding:
    holder = holders[0]
    ours = holder.pid == os.getpid() and own_server_port == port
    every_address_local = all(h.address in LOOPBACK_ONLY for h in holders)
    if ours or looks_like_chatapp(holder.name, holder.command):
        if every_address_local:
            return finding(WARNING, translate(
                "DoctorPort", "The chat server on port {port} listens on {address} only: "
                "other machines cannot reach it. Start it on 0.0.0.0 (every network) or on "
                "this machine's network address.").format(port=port, address=holder.address),
                done, taken=True, chatapp=True)
        sentence = (translate(
            "DoctorPort", "This chat server listens on port {port}.").format(port=port) if ours
            else translate(
                "DoctorPort", "A chatapp server (pid {pid}) listens on port {port}.").format(
                pid=holder.pid, port=port))
        return finding(OK, sentence, done, taken=True, chatapp=True)
    if holder.pid is None:
        who = translate("DoctorPort", "a program of another user")
    else:
        who = translate("DoctorPort", "{name} (pid {pid})").format(
            name=holder.name or translate("DoctorPort", "a program"), pid=holder.pid)
    sentence = translate(
        "DoctorPort", "Port {port} is already used by {who}. Close that program or start the "
        "server on another port with --port.").format(port=port, who=who)
    if holder.command:
        done += translate("DoctorPort", " Its command: {command}").format(
            command=holder.command)
    return finding(PROBLEM, sentence, done, taken=True, chatapp=False, pid=holder.pid)
