"""What both frozen executables do before handing over to chatapp.app.cli.

The executables are built windowed (no console window pops up on Windows or
macOS when someone double-clicks them). On Windows that also means Python
starts with no stdout, so `chatapp-server.exe --headless` typed in a terminal
would print nothing. For the options that exist to print (--headless, --help,
--version) we attach to the terminal the exe was started from, if there is
one. Linux and macOS executables keep the terminal's stdout as it is.

CHATAPP_BUNDLE_CHECK=1 runs _bundle_check instead of the program: a JSON
report on whether icons and translations load inside the bundle.
"""

from __future__ import annotations

import os
import sys

# CHATAPP_BUNDLE_CHECK=1: report whether resources load inside the bundle, then exit.
ENV_BUNDLE_CHECK = "CHATAPP_BUNDLE_CHECK"

# Options whose whole point is text in the terminal.
_PRINTING_OPTIONS = {"--headless", "--help", "-h", "--version"}


def _attach_parent_console() -> None:
    """Windows only: route stdout/stderr to the console of the parent process."""
    if sys.stdout is not None and sys.stderr is not None:
        return  # already redirected to a file or a pipe: keep that
    try:
        import ctypes

        attach_parent_process = -1
        if not ctypes.windll.kernel32.AttachConsole(attach_parent_process):
            return  # started from Explorer: no console to attach to
        stream = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
    except OSError:
        return
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


def launch(kind: str) -> int:
    check = os.environ.get(ENV_BUNDLE_CHECK) == "1"
    if sys.platform == "win32" and (check or _PRINTING_OPTIONS.intersection(sys.argv[1:])):
        _attach_parent_console()
    if check:
        from _bundle_check import run

        return run()
    from chatapp.app import cli

    main = cli.server_main if kind == "server" else cli.client_main
    return main()
