"""Take the README's screenshots from real windows: the demo with a little traffic.

    python tools/screenshots.py --all      # every screen size, language and theme
    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshots.py --theme dark

--all runs this script again under xvfb-run once per screen size (1366x768 and
1920x1080), each time for English and Simplified Chinese in the light and the
dark theme. Without --all it uses whatever display is current (Xvfb, a desktop
session) and names the files after its size. Everything stays on loopback: a
server on a free 127.0.0.1 port, the demo's client, and a second client.
Writes PNGs into docs/screenshots/; rerun it whenever the windows change.

Each scene takes the whole screen as the demo lays it out (both windows side
by side), each window alone, and the client in Inspect mode (its connection
state and event log shown).

The demo server pings every second (instead of every 5 s), so the round trip
is measured before the pictures are taken. For the client's picture the server
stops reading it for a moment, after the server's picture is taken, so the
client's last message is still "sending" beside the delivered ones and a
failed one (a private message to nobody).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SCREEN_SIZES = ("1366x768", "1920x1080")
LANGUAGES = ("en", "zh_CN")
THEMES = ("light", "dark")


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return True
    return condition()


def settle(seconds: float = 0.4) -> None:
    wait_until(lambda: False, seconds)


def scene(folder: Path, language: str, theme: str = "light", size: str = "") -> list[Path]:
    """Open the demo, chat a little, and grab both windows."""
    from PySide6.QtWidgets import QApplication

    from chatapp.app import i18n
    from chatapp.app.settings import Settings
    from chatapp.app.windows_main import open_demo
    from chatapp.net import ChatClient
    from chatapp.net.server_config import ServerConfig

    # A fresh settings file per scene: no window layout carried over from the last one.
    settings = Settings(folder / f"{language}-{theme}.ini")
    settings.theme = theme
    app = QApplication.instance()
    i18n.install_translators(app, language)
    quick = ServerConfig(heartbeat_interval=1.0)  # a round trip is measured at once
    # The demo lays the windows out on the screen as a user gets them.
    server_window, client_window = open_demo(settings, nick="alice", config=quick)
    wait_until(lambda: client_window.client.nick == "alice")

    bob = ChatClient()
    bob.connect_to("127.0.0.1", server_window.server.port, "bob")
    wait_until(lambda: bob.nick == "bob")
    chinese = language.startswith("zh")
    lines = {
        "alice": "大家好！这是 TCP 聊天演示。" if chinese else "Hi all! This is the TCP chat demo.",
        "bob": "你好 alice，我收到了。" if chinese else "Hello alice, got it loud and clear.",
        "private": "这句只有你能看到。" if chinese else "This one is just for you.",
        "operator": "欢迎来到聊天室。" if chinese else "Welcome to the room.",
        "multi": "换行也可以：\n第二行" if chinese else "Shift+Enter makes\na second line",
        "nobody": "有人在吗？" if chinese else "Anyone called carol here?",
        "held": "这条还在发送中…" if chinese else "This one is still on its way…",
    }
    # Through the window's own path, so each message shows its receipt.
    send = client_window.own_messages.send
    send(lines["alice"])
    settle(0.2)
    bob.send_text(lines["bob"])
    settle(0.2)
    bob.send_text(lines["private"], to="alice")
    settle(0.2)
    server_window.server.say(lines["operator"])
    settle(0.2)
    send(lines["multi"])
    send(lines["nobody"], to="carol")  # refused: no such user
    client_window.message_input.edit.setPlainText("<b>markup is shown as typed</b>")

    # Show something in every panel (for the Inspect pictures): a selected
    # client, a selected readyRead row.
    server_window.client_table.selectRow(0)
    wait_until(lambda: client_window.state_panel.kernel_label.text() == "ESTABLISHED")
    wait_until(lambda: server_window.state_panel.kernel_label.text() == "ESTABLISHED")
    # At least one heartbeat round trip everywhere it is shown.
    wait_until(lambda: all(r.rtt_ms is not None for r in server_window.client_model.rows()))
    wait_until(lambda: client_window.state_panel.rtt_label.text().endswith("ms"))
    wait_until(lambda: server_window.state_panel.rtt_label.text().endswith("ms"))
    settle(0.6)
    for window in (client_window, server_window):
        select_last_read(window)
    settle(0.3)

    suffix = f"-{size}-{language}-{theme}"
    shots = [grab_screen(server_window, f"demo{suffix}.png")]
    shots.append(grab(server_window, f"server{suffix}.png"))
    # Then the server stops reading alice for a second: her last message stays
    # "sending" in her picture. (The server's picture is taken first: the pause
    # would show there as a long round trip.)
    alice_peer = next(p for p in server_window.server.peers if p.nick == "alice")
    alice_peer.connection.pause_reading(1.0)
    held = client_window.own_messages.send(lines["held"])
    settle(0.3)
    shots.append(grab(client_window, f"client{suffix}.png"))
    wait_until(lambda: held not in client_window.client.outbox)  # delivered after the pause
    client_window.set_inspecting(True)
    settle(0.5)
    select_last_read(client_window)
    settle(0.3)
    shots.append(grab(client_window, f"client-inspect{suffix}.png"))
    # A round trip measured after the pause, so later pictures show a usual one.
    wait_until(lambda: (client_window.client.connection.rtt_ms or 1e9) < 20, 4.0)
    if language == "en" and theme == "light":
        # The teaching moment: the side that closes first sits in TIME_WAIT.
        client_window.disconnect_from_server()
        wait_until(lambda: client_window.state_panel.kernel_label.text() == "TIME_WAIT")
        settle(0.3)
        shots.append(grab(client_window, f"client-time-wait-{size}.png"))

    shots.append(connect_page(settings, client_window, f"connect{suffix}.png"))

    bob.connection.abort()
    for window in (client_window, server_window):
        window.close()
    settle(0.3)
    i18n.remove_translators(app)
    return shots


def connect_page(settings, beside, name: str) -> Path:
    """A client window as a user opens it: the connect page, with servers used
    before (addresses only: nothing is contacted)."""
    from chatapp.ui.client_window import ClientWindow

    for host, port, nick in (
        ("192.168.1.20", 2000, "alice"),
        ("classroom-pc", 2000, "alice"),
        ("192.168.100.200", 5555, "alexandra_wolfe1"),
    ):
        settings.add_recent_server(host, port, nick)
    settings.set_inspect_shown("client", False)  # as a new user has it
    window = ClientWindow(settings=settings)
    window.setGeometry(beside.geometry())
    window.host_edit.setText("192.168.100.200")
    window.port_spin.setValue(5555)
    window.nick_edit.setText("alexandra_wolfe1")
    window.show()
    settle(0.4)
    shot = grab(window, name)
    window.close()
    return shot


def select_last_read(window) -> None:
    dock = window.event_log
    rows = [i for i, e in enumerate(dock.model.entries()) if e.kind == "read"]
    if rows:
        index = dock.proxy.mapFromSource(dock.model.index(rows[-1], 0))
        dock.table.selectRow(index.row())
        dock.table.scrollTo(index)


def grab_screen(window, name: str) -> Path:
    """The whole screen the window is on, as the user sees it."""
    settle(0.2)
    path = OUT / name
    if not window.screen().grabWindow(0).save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def grab(window, name: str) -> Path:
    window.raise_()
    settle(0.2)
    path = OUT / name
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def run_everywhere() -> int:
    """This script again under Xvfb, once per screen size."""
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("--all needs xvfb-run (Debian: apt-get install xvfb)")
    for size in SCREEN_SIZES:
        command = [xvfb, "-a", "-s", f"-screen 0 {size}x24", sys.executable, __file__]
        for theme in THEMES:
            subprocess.run([*command, "--theme", theme], check=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every size, language and theme")
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated")
    parser.add_argument("--theme", default="light", choices=THEMES)
    args = parser.parse_args()
    if args.all:
        return run_everywhere()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # Fresh settings: the pictures never depend on (or change) the user's own.
        os.environ["CHATAPP_SETTINGS_FILE"] = str(Path(tmp) / "app.ini")
        from chatapp.app.settings import Settings
        from chatapp.app.windows_main import make_app

        settings = Settings()
        settings.theme = args.theme
        app = make_app(settings=settings)
        screen = app.primaryScreen().size()
        size = f"{screen.width()}x{screen.height()}"
        for language in args.languages.split(","):
            scene(Path(tmp), language.strip(), args.theme, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
