"""What every test folder shares: the loopback address, how long to wait, the
server's command line and a child process's environment.

A module at the tests' root: pytest puts this folder on the import path for
tests/conftest.py, and child processes get it from child_env(). The folders'
own support modules (net_support, ui_support, process_support...) re-export
these names, so a test imports them from whichever it already uses.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

LOOPBACK = "127.0.0.1"  # tests never use the machine's LAN or public addresses
WAIT_MS = 5000  # the longest a signal or condition may take before a test fails
PROJECT_ROOT = Path(__file__).resolve().parents[1]
TESTS_ROOT = PROJECT_ROOT / "tests"


def server_command() -> list[str]:
    """The installed `chatapp-server` script if there is one, else its entry point."""
    script = Path(sys.executable).with_name("chatapp-server")
    found = str(script) if script.exists() else shutil.which("chatapp-server")
    if found:
        return [found]
    return [sys.executable, "-c",
            "import sys; from chatapp.app.cli import server_main; sys.exit(server_main())"]


def child_env() -> dict[str, str]:
    """The environment for a child process: this checkout's chatapp and the
    tests' root on its import path, output unbuffered, Qt without a display."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(PROJECT_ROOT), str(TESTS_ROOT), env.get("PYTHONPATH")])
    )
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env
