"""Refresh the translations: extract tr() strings into the .ts sources, build the .qm files.

    python tools/update_translations.py            # lupdate, then lrelease
    python tools/update_translations.py --release  # only rebuild the .qm files

Translators edit resources/translations/chatapp_<lang>.ts (Qt Linguist, or any
text editor); the .qm files are committed so a checkout runs without Qt's tools.
pyside6-lupdate / pyside6-lrelease ship with PySide6-Essentials; if the wrappers
are not on PATH, the binaries inside the PySide6 package are used.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def sources() -> list[str]:
    """Every module that may call tr(): the windows and labs, and the sentences the
    lower layers hand up (socket errors, room notices, the doctor's findings).
    protocol/ has no Qt, so nothing there is translated by Qt."""
    chatapp = ROOT / "chatapp"
    files = sorted(
        path for path in chatapp.rglob("*.py")
        if "__pycache__" not in path.parts and "protocol" not in path.parts
    )
    return [str(f.relative_to(ROOT)) for f in files]


def find_tool(name: str) -> list[str]:
    wrapper = shutil.which(f"pyside6-{name}")
    if wrapper:
        return [wrapper]
    import PySide6

    package = Path(PySide6.__file__).parent
    for candidate in (package / name, package / "Qt" / "libexec" / name, package / f"{name}.exe"):
        if candidate.exists():
            return [str(candidate)]
    sys.exit(f"{name} not found: install PySide6-Essentials (it ships pyside6-{name})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only build the .qm files")
    args = parser.parse_args()
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"chatapp_{lang}.ts"
        if not args.release:
            # No line numbers in the .ts: editing code must not churn the translations.
            command = find_tool("lupdate") + [*sources(), "-locations", "none", "-no-obsolete"]
            subprocess.run([*command, "-ts", str(ts)], cwd=ROOT, check=True)
        command = find_tool("lrelease") + [str(ts), "-qm", str(ts.with_suffix(".qm"))]
        subprocess.run(command, cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
