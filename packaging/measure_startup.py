"""Time the built programs from process start to their first window (median of N).

    python packaging/build.py --no-archive
    xvfb-run -a python packaging/measure_startup.py              # X11 (Xvfb)
    QT_QPA_PLATFORM=offscreen python packaging/measure_startup.py

Each run starts dist/chatapp/chatapp-<kind> with CHATAPP_REPORT_STARTUP=1 and
CHATAPP_EXIT_AFTER_SHOW=1 (chatapp/app/startup_probe.py): the program prints
the seconds since the OS created it when its first window has been painted,
then closes. Settings go to a temporary file; the server listens on a free
loopback port. Also prints the bundle's size, for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STARTUP_LINE = re.compile(r"chatapp startup: ([0-9.]+) s to first window \((\w+), platform (\w+)\)")


def executable(dist: Path, kind: str) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    if sys.platform == "darwin":
        name = "Chatapp Server.app" if kind == "server" else "Chatapp Client.app"
        return dist / name / "Contents" / "MacOS" / f"chatapp-{kind}"
    return dist / "chatapp" / f"chatapp-{kind}{suffix}"


def run_once(exe: Path, kind: str, settings: Path) -> tuple[float, float, str]:
    """(seconds reported by the probe, seconds until this script saw the line, platform)."""
    env = dict(os.environ, CHATAPP_REPORT_STARTUP="1", CHATAPP_EXIT_AFTER_SHOW="1")
    env["CHATAPP_SETTINGS_FILE"] = str(settings)
    env.pop("CHATAPP_RESOURCES", None)
    args = ["--host", "127.0.0.1", "--port", "0"] if kind == "server" else []
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(exe), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    for line in process.stdout:
        match = STARTUP_LINE.search(line)
        if match:
            seen = time.perf_counter() - started
            process.wait(timeout=30)
            return float(match.group(1)), seen, match.group(3)
    process.wait(timeout=30)
    raise RuntimeError(f"{exe} exited ({process.returncode}) without reporting its start-up")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=HERE.parent / "dist")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    folder = args.dist / "chatapp"
    if folder.is_dir():
        size = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file())
        print(
            f"bundle {folder}: {size / 1e6:.1f} MB in {sum(1 for _ in folder.rglob('*'))} entries"
        )
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("server", "client"):
            exe = executable(args.dist, kind)
            runs = [run_once(exe, kind, Path(tmp) / f"{kind}.ini") for _ in range(args.runs)]
            probe = [r[0] for r in runs]
            seen = [r[1] for r in runs]
            print(
                f"chatapp-{kind} on {runs[0][2]}: median {statistics.median(probe):.3f} s "
                f"to first window (runs: {', '.join(f'{t:.3f}' for t in probe)}); "
                f"launcher saw it after median {statistics.median(seen):.3f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
