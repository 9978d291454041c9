"""Take the pictures of the wave-2 windows: each teaching lab at a telling step,
the connectivity doctor, and the connect page with servers found on the network.

    unshare -n sh -c 'ip link set lo up; xvfb-run -a -s "-screen 0 1366x768x24" \\
        python tools/lab_screenshots.py'
    python tools/lab_screenshots.py --all     # both screen sizes, both languages

Run it inside a private network namespace (`unshare -n`, as --all does): the
doctor lists this machine's adapters and listens for discovery, and there it
sees loopback only. Every lab uses loopback sockets. The found servers on the
connect page are data put into the list (198.18.0.0/15 addresses): nothing is
contacted. Writes PNGs into docs/screenshots/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from screenshots import LANGUAGES, OUT, SCREEN_SIZES, grab, settle, wait_until  # noqa: E402

# (lab index, step index, seconds to let the step play) for each picture.
LAB_SHOTS = (
    ("lab-sticky-packets", 0, 5, 4.0),  # the length prefix: reads, messages, hex view
    ("lab-handshake-close", 1, 5, 4.0),  # TIME_WAIT on the side that closed first
    ("lab-frozen-peer", 2, 3, 6.0),  # the window fills while the heartbeat dies
    ("lab-tcp-vs-udp", 3, 5, 6.0),  # plain UDP loses, the reliability layer does not
    ("lab-backlog", 4, 2, 4.0),  # the queue is full: SYNs dropped
)


def play(seconds: float) -> None:
    """Let the lab's sockets and timers run (events processed all the while)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        settle(0.1)


def labs(settings, suffix: str) -> list[Path]:
    from chatapp.ui.lab.lab_window import LabWindow

    window = LabWindow(settings=settings)
    window.showMaximized()
    settle(0.5)
    shots = []
    for name, lab, step, seconds in LAB_SHOTS:
        window.show_lab(lab)
        for index in range(step + 1):  # each step's action, in order, as a class would
            window.show_step(index)
            play(seconds if index == step else 0.8)
        shots.append(grab(window, f"{name}{suffix}.png"))
    window.close()
    settle(0.3)
    return shots


def doctor(settings, suffix: str) -> Path:
    """The doctor asked about a loopback port where nothing listens: refused."""
    import socket

    from chatapp.ui.client_window import ClientWindow
    from chatapp.ui.doctor_dialog import show_doctor_dialog

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    free_port = probe.getsockname()[1]
    probe.close()
    window = ClientWindow(settings=settings)
    window.host_edit.setText("127.0.0.1")
    window.port_spin.setValue(free_port)
    window.show()
    settle(0.3)
    dialog = show_doctor_dialog(window)
    wait_until(dialog.check_button.isEnabled, 15.0)  # enabled again once the run is over
    settle(0.5)
    shot = grab(dialog, f"doctor{suffix}.png")
    dialog.close()
    window.close()
    return shot


def found_servers(settings, suffix: str) -> Path:
    """The connect page with three servers found (data only: nothing is contacted)."""
    from chatapp.protocol.advert import FoundServer, ServerAdvert
    from chatapp.ui.client_window import ClientWindow

    window = ClientWindow(settings=settings)
    window.resize(900, 640)
    window.show()
    for server_id, name, host, users, password, via in (
        ("a1b2c3d4e5f60718", "Room 204", "198.18.4.20", 12, False, "mdns"),
        ("0f1e2d3c4b5a6978", "Physics lab", "198.18.4.31", 3, True, "beacon"),
        ("99aa88bb77cc66dd", "Teacher's desk", "198.18.4.2", 0, False, "mdns"),
    ):
        advert = ServerAdvert(server_id, name, 2000, "0.7.0", users, password)
        window.connect_page.found.show_found(FoundServer(advert, host, via))
    window.connect_page.found.add_scanned("198.18.4.77", 2000)
    settle(0.5)
    shot = grab(window, f"connect-found{suffix}.png")
    window.close()
    return shot


def run_everywhere() -> int:
    """This script again under Xvfb in a private network namespace, per screen size."""
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("--all needs xvfb-run (Debian: apt-get install xvfb)")
    for size in SCREEN_SIZES:
        inner = f'{xvfb} -a -s "-screen 0 {size}x24" {sys.executable} {__file__}'
        subprocess.run(["unshare", "-n", "sh", "-c", f"ip link set lo up && {inner}"], check=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="both screen sizes")
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated")
    args = parser.parse_args()
    if args.all:
        return run_everywhere()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CHATAPP_SETTINGS_FILE"] = str(Path(tmp) / "app.ini")
        from chatapp.app import i18n
        from chatapp.app.settings import Settings
        from chatapp.app.windows_main import make_app

        settings = Settings()
        settings.discovery_interfaces = ["lo"]
        app = make_app(settings=settings)
        screen = app.primaryScreen().size()
        size = f"{screen.width()}x{screen.height()}"
        for language in args.languages.split(","):
            i18n.install_translators(app, language)
            suffix = f"-{size}-{language}"
            labs(settings, suffix)
            doctor(settings, suffix)
            found_servers(settings, suffix)
            i18n.remove_translators(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
