"""System tools and calls the doctor makes (firewall state, neighbour tables,
name lookups, the connection table): each one bounded in time, its absence or
a refusal reported, never raised at the user."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# Reading a firewall's rules takes well under a second; a tool that hangs
# (a stuck D-Bus for firewall-cmd) must not hold the doctor up.
COMMAND_TIMEOUT_S = 4.0
MISSING = "missing"
TIMED_OUT = "timed_out"
DENIED = "denied"  # the tool needs administrator rights
FAILED = "failed"
RAN = "ran"
# What tools say when they want root (nft, ufw, firewall-cmd, iptables).
_DENIAL_WORDS = ("permission denied", "operation not permitted", "you need to be root",
                 "must be root", "authorization failed", "not authorized", "access is denied",
                 "requires elevation")


@dataclass(frozen=True)
class CommandResult:
    status: str  # MISSING, TIMED_OUT, DENIED, FAILED or RAN
    output: str = ""  # stdout (stderr too when it failed)
    seconds: float = 0.0

    @property
    def ran(self) -> bool:
        return self.status == RAN


def run_bounded(argv: list[str], timeout: float = COMMAND_TIMEOUT_S) -> CommandResult:
    """Run a tool with a deadline; its output as text, whatever the system's encoding."""
    import time

    if shutil.which(argv[0]) is None and not os.path.isfile(argv[0]):
        return CommandResult(MISSING)
    started = time.monotonic()
    try:
        done = subprocess.run(
            argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},  # English words to parse
        )
    except subprocess.TimeoutExpired:
        return CommandResult(TIMED_OUT, seconds=time.monotonic() - started)
    except OSError as error:
        status = DENIED if isinstance(error, PermissionError) else FAILED
        return CommandResult(status, str(error), time.monotonic() - started)
    seconds = time.monotonic() - started
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        text = f"{stdout}\n{stderr}".strip()
        lowered = text.lower()
        status = DENIED if any(word in lowered for word in _DENIAL_WORDS) else FAILED
        return CommandResult(status, text, seconds)
    return CommandResult(RAN, stdout, seconds)


class TookTooLongError(Exception):
    pass


def call_bounded(function: Callable[[], T], timeout: float) -> T:
    """function() on a daemon thread, given up after `timeout` seconds (raises
    TookTooLongError; the thread ends on its own): for calls that cannot be
    cancelled, such as the system's name lookup or its connection table."""
    outcome: dict[str, Any] = {}

    def call() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - raised again in the caller
            outcome["error"] = error

    thread = threading.Thread(target=call, name="doctor-bounded", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TookTooLongError
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
