"""The protocol layer is sans-IO: importing it must not pull in Qt or any I/O
machinery. Checked in a fresh interpreter, since this test process may
already have imported those modules for other reasons."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_PREFIXES = ("PySide6", "shiboken6", "socket", "asyncio", "selectors", "qasync")

PROBE = f"""
import json, sys
import chatapp.protocol, chatapp.protocol.handshake, chatapp.protocol.room
import chatapp.protocol.backlog_pages
print(json.dumps(sorted(m for m in sys.modules if m.startswith({FORBIDDEN_PREFIXES!r}))))
"""


def test_importing_the_protocol_loads_no_io_or_qt_module():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_probe_would_notice():
    # Guard against a probe that can never fail (a typo in the prefixes, say).
    probe = PROBE.replace("import chatapp.protocol,", "import chatapp.protocol, selectors,")
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "selectors" in json.loads(result.stdout)
