"""Linux .desktop files: valid, bilingual, pointing at our commands and icons."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "packaging" / "linux"
KINDS = ["server", "client"]


def _entry(kind: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"chatapp-{kind}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.parametrize("kind", KINDS)
def test_desktop_entry_keys(kind):
    entry = _entry(kind)
    assert entry["Type"] == "Application"
    assert entry["Exec"] == f"chatapp-{kind}"
    assert entry["Icon"] == f"chatapp-{kind}"
    assert entry["StartupWMClass"] == f"chatapp-{kind}"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Network;Chat;Education;"
    for key in ("Name", "GenericName", "Comment"):
        assert entry[key]
        assert entry[f"{key}[zh_CN]"]


@pytest.mark.parametrize("kind", KINDS)
def test_desktop_entry_icon_exists_in_hicolor(kind):
    hicolor = REPO / "resources" / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"chatapp-{kind}.svg").is_file()


@pytest.mark.parametrize("kind", KINDS)
def test_desktop_entry_command_is_a_gui_script(kind):
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'chatapp-{kind} = "chatapp.app.cli:{kind}_main"' in text


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (apt-get install desktop-file-utils)",
)
@pytest.mark.parametrize("kind", KINDS)
def test_desktop_file_validate(kind):
    proc = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"chatapp-{kind}.desktop")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Hints are advice; errors and warnings are not allowed.
    problems = [
        line for line in proc.stdout.splitlines() if ": error:" in line or ": warning:" in line
    ]
    assert problems == []
