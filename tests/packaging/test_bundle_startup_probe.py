"""The start-up probe the bundle is measured with, and the desktop identity the
bundle's windows carry, checked from the source tree (fast; test_bundle.py
repeats the probe on the built programs)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chatapp.app import startup_probe

REPO = Path(__file__).resolve().parents[2]
STARTUP_LINE = re.compile(r"chatapp startup: ([0-9.]+) s to first window \((\w+), platform (\w+)\)")


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    for name in (startup_probe.ENV_REPORT, startup_probe.ENV_EXIT):
        full_env.pop(name, None)
    full_env.update(
        QT_QPA_PLATFORM="offscreen",
        CHATAPP_SETTINGS_FILE=str(tmp_path / "settings.ini"),
        CHATAPP_DATA_DIR=str(tmp_path / "data"),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO,
        timeout=60,
    )


def test_process_age_is_measured_from_the_process_start():
    age = startup_probe.seconds_since_process_start()
    assert 0 < age < 24 * 3600  # this pytest process started a while ago, not in the future


@pytest.mark.parametrize(
    ("entry", "args", "window"),
    [
        ("server_main", ["--host", "127.0.0.1", "--port", "0"], "ServerWindow"),
        ("client_main", [], "ClientWindow"),
    ],
)
def test_probe_reports_the_first_window_and_exits(tmp_path, entry, args, window):
    code = f"import sys; from chatapp.app.cli import {entry}; sys.exit({entry}({args!r}))"
    result = run_python(
        code,
        tmp_path,
        CHATAPP_REPORT_STARTUP="1",
        CHATAPP_EXIT_AFTER_SHOW="1",
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("chatapp startup:")]
    assert len(lines) == 1, result.stdout
    match = STARTUP_LINE.fullmatch(lines[0])
    assert match, lines[0]
    assert 0 < float(match.group(1)) < 30
    assert match.group(2) == window
    assert match.group(3) == "offscreen"


def test_probe_is_silent_unless_asked(tmp_path):
    code = (
        "from chatapp.app.windows_main import make_app\n"
        "from chatapp.app import startup_probe\n"
        "app = make_app()\n"
        "print('filters', app.findChildren(startup_probe._FirstPaintProbe))\n"
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "filters []" in result.stdout
    assert "chatapp startup:" not in result.stdout


@pytest.mark.parametrize("kind", ["server", "client"])
def test_app_names_its_desktop_file_and_icon(tmp_path, kind):
    """Wayland matches the app id to packaging/linux/chatapp-<kind>.desktop."""
    code = (
        "from chatapp.app.windows_main import make_app\n"
        f"app = make_app(kind={kind!r})\n"
        "print(app.desktopFileName(), app.windowIcon().isNull())\n"
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [f"chatapp-{kind}", "False"]
    assert (REPO / "packaging" / "linux" / f"chatapp-{kind}.desktop").is_file()
