"""Build the double-click bundle and its archive: one command.

    pip install '.[package]'
    python packaging/build.py

Runs PyInstaller on packaging/chatapp.spec (chatapp-server and chatapp-client
in one folder, sharing one copy of Python and Qt), then writes
dist/chatapp-<version>-<platform>.tar.gz (Linux, macOS) or .zip (Windows) and
prints the bundle's size and where everything is. It installs nothing itself.

Options: --dist DIR and --work DIR move the output and PyInstaller's work
folder (the tests build into a temporary folder); --no-archive stops after
the bundle.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SPEC = HERE / "chatapp.spec"
BUNDLE_NAME = "chatapp"  # the onedir folder the spec's COLLECT writes (Linux, Windows)
MACOS_APPS = ("Chatapp Server.app", "Chatapp Client.app")

sys.path.insert(0, str(HERE / "windows"))
from version_info import project_version  # noqa: E402


class BuildError(Exception):
    """Something the person building can fix; the message says what."""


def require_pyinstaller() -> str:
    try:
        import PyInstaller
    except ImportError:
        raise BuildError(
            "PyInstaller is not installed in this Python "
            f"({sys.executable}).\n"
            "Install the packaging extra, from the repository's root folder:\n"
            "    pip install '.[package]'\n"
            "then run this script again with the same Python."
        ) from None
    return PyInstaller.__version__


def platform_tag() -> str:
    """'linux-x86_64', 'macos-arm64', 'windows-x86_64', ... for the archive's name."""
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform)
    system = system or sys.platform
    machine = platform.machine().lower() or "unknown"
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def archive_path(dist: Path, version: str) -> Path:
    suffix = ".zip" if sys.platform == "win32" else ".tar.gz"
    return dist / f"chatapp-{version}-{platform_tag()}{suffix}"


def bundle_roots(dist: Path) -> list[Path]:
    """What goes into the archive: the onedir folder, or the two apps on macOS."""
    if sys.platform == "darwin":
        return [dist / name for name in MACOS_APPS]
    return [dist / BUNDLE_NAME]


def tree_size(path: Path) -> int:
    """Bytes in the files under *path* (symbolic links counted as links)."""
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            total += (Path(root) / name).lstat().st_size
    return total


def run_pyinstaller(dist: Path, work: Path, log_level: str) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--log-level",
        log_level,
    ]
    print("$", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=REPO)
    if result.returncode != 0:
        raise BuildError(
            f"PyInstaller failed (exit code {result.returncode}); see its output above."
        )


def write_archive(roots: list[Path], target: Path, top: str) -> None:
    """tar.gz (keeps the executable bits and symlinks) or zip (Windows).

    Every entry is under one folder *top* (chatapp-<version>/chatapp-server,
    ...; on macOS chatapp-<version>/Chatapp Server.app/...), so unpacking never
    spills files around.
    """
    target.unlink(missing_ok=True)

    def base(root: Path) -> str:
        return top if root.name == BUNDLE_NAME else f"{top}/{root.name}"

    if target.suffix == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zipped:
            for root in roots:
                for path in sorted(root.rglob("*")):
                    zipped.write(path, f"{base(root)}/{path.relative_to(root).as_posix()}")
    else:
        with tarfile.open(target, "w:gz", compresslevel=6) as tarred:
            for root in roots:
                tarred.add(root, arcname=base(root))


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dist", type=Path, default=REPO / "dist", help="output folder (default dist/)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "build" / "pyinstaller",
        help="PyInstaller's work folder (default build/pyinstaller/)",
    )
    parser.add_argument("--no-archive", action="store_true", help="build the bundle only")
    parser.add_argument(
        "--log-level",
        default="WARN",
        choices=["DEBUG", "INFO", "WARN", "ERROR"],
        help="PyInstaller's log level (default WARN)",
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    try:
        pyinstaller_version = require_pyinstaller()
        version = project_version()
        python = platform.python_version()
        print(f"chatapp {version}, PyInstaller {pyinstaller_version}, Python {python}")
        started = time.monotonic()
        run_pyinstaller(dist, work, args.log_level)
        roots = bundle_roots(dist)
        missing = [str(root) for root in roots if not root.exists()]
        if missing:
            raise BuildError(f"PyInstaller finished but did not write {', '.join(missing)}")
        size = sum(tree_size(root) for root in roots)
        print(f"bundle: {', '.join(str(root) for root in roots)}")
        print(f"bundle size: {megabytes(size)} unpacked ({size} bytes)")
        if not args.no_archive:
            target = archive_path(dist, version)
            write_archive(roots, target, f"chatapp-{version}")
            print(f"archive: {target} ({megabytes(target.stat().st_size)})")
        print(f"built in {time.monotonic() - started:.0f} s")
    except BuildError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
