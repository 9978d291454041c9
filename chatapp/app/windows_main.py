"""Open the windows: the server, the client, or the demo (both, already talking).

Each entry point makes the QApplication, loads translations and the theme,
and runs Qt's event loop through qasync, so code that wants asyncio (a worker
in the loop's executor, an awaited result) can have it on the GUI thread.
qasync (and asyncio) are imported once the first window has been painted:
see first_paint.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import APP_NAME, __version__
from . import i18n, startup_probe, theme
from .first_paint import wait_for_first_paint
from .gc_policy import install_main_thread_gc
from .option_types import add_language_option
from .options import client_parser, demo_parser, server_config, server_parser
from .settings import DEFAULT_PORT, Settings

if TYPE_CHECKING:
    from ..net.history_store import HistoryStore
    from ..net.server_config import ServerConfig

# The server's code (chat history, sqlite3) is imported by the functions that
# open a server, so the client window does not wait for it.

LOOPBACK = "127.0.0.1"
FRAME_SETTLE_MS = 300


def make_app(
    argv: Sequence[str] | None = None,
    settings: Settings | None = None,
    kind: str | None = None,
    language: str | None = None,
) -> QApplication:
    """The QApplication with chatapp's names, translation and theme (made once).

    *kind* ("server" or "client") names the program for the desktop: Wayland
    matches the app id to packaging/linux/chatapp-<kind>.desktop, and dialogs
    and the taskbar get the program's icon. *language* (--lang) overrides the
    settings' language for this run only.
    """
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *(argv or [])])
        startup_probe.install(app)  # CHATAPP_REPORT_STARTUP=1: time to first window
    assert isinstance(app, QApplication)
    install_main_thread_gc(app)  # Qt objects are freed on the GUI thread, never a worker's
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    if kind is not None:
        from ..ui.icons import app_icon

        app.setDesktopFileName(f"chatapp-{kind}")
        app.setWindowIcon(app_icon(kind))
    settings = settings or Settings()
    i18n.install_translators(app, settings.language if language is None else language)
    theme.apply_theme(app, settings.theme)
    return app


def wire_preferences(window: Any, app: QApplication) -> None:
    window.theme_chosen.connect(lambda choice: theme.apply_theme(app, choice))


def run_event_loop(app: QApplication, windows: Sequence[QWidget] = ()) -> int:
    """Run Qt's loop as asyncio's loop until the last window closes.

    *windows*, the ones just shown, are painted first, by Qt's own loop; asyncio
    is imported after that. If they are all closed by then, there is nothing to run.
    """
    if windows and not wait_for_first_paint(windows):
        return 0
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0


def _namespace(args: argparse.Namespace | Sequence[str] | None, parser: Any) -> argparse.Namespace:
    if isinstance(args, argparse.Namespace):
        return args
    return parser().parse_args(list(args) if args is not None else sys.argv[1:])


def open_history(
    data_dir: str | None,
    *,
    fresh: bool = False,
    start_fresh: Callable[[str, Path], bool] | None = None,
) -> tuple[HistoryStore, str] | None:
    """server_factory.open_history as the window has it: a damaged history is
    asked about (ask_start_fresh, unless start_fresh is given); one that cannot
    be opened is kept in memory, with the sentence why."""
    from . import server_factory

    return server_factory.open_history(
        data_dir, fresh=fresh, start_fresh=start_fresh or ask_start_fresh
    )


def ask_start_fresh(sentence: str, kept_as: Path) -> bool:
    """The server window's question about a damaged history: True to start
    with an empty history (the damaged file kept as `kept_as`), False to quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, "chatapp server", sentence)
    fresh = box.addButton(
        f"Start with an empty history (the damaged file is kept as {kept_as.name})",
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setInformativeText(f"The damaged file would be kept in {kept_as.parent}.")
    box.exec()
    return box.clickedButton() is fresh


def open_server_window(
    ns: argparse.Namespace, settings: Settings, config: ServerConfig | None = None
) -> Any:
    """The server window as `chatapp-server` opens it, listening: its ChatServer
    stores the chat in the data folder (--data-dir, else the user's) and is
    tuned by the command-line flags."""
    from ..ui.server_window import ServerWindow
    from .server_factory import build_server

    built = build_server(
        config or server_config(ns),
        data_dir=ns.data_dir,
        fresh=getattr(ns, "fresh_history", False),
        start_fresh=ask_start_fresh,
    )
    if built is None:  # a damaged history, and the user chose to quit
        return None
    window = ServerWindow(server=built.server, settings=settings)
    built.server.setParent(window)
    if ns.host:
        window.host_edit.setText(ns.host)
    if ns.port is not None:
        window.port_spin.setValue(ns.port)
    startup_probe.watch(window)
    window.show()
    if built.failure:
        window.report_history_failure(built.failure)
    window.start_listening()  # a failure shows as a sentence in the window
    return window


def run_server_window(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    ns = _namespace(args, server_parser)
    config = server_config(ns)  # bad flags are refused with a sentence, before any window
    settings = Settings()
    app = make_app(settings=settings, kind="server", language=ns.lang)
    window = open_server_window(ns, settings, config)
    if window is None:
        return 2
    wire_preferences(window, app)
    return run_event_loop(app, [window])


def run_client_window(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    from ..ui.client_window import ClientWindow

    ns = _namespace(args, client_parser)
    settings = Settings()
    app = make_app(settings=settings, kind="client", language=ns.lang)
    window = ClientWindow(settings=settings)
    wire_preferences(window, app)
    if ns.host:
        window.host_edit.setText(ns.host)
    if ns.port is not None:
        window.port_spin.setValue(ns.port)
    if ns.nick:
        window.nick_edit.setText(ns.nick)
    startup_probe.watch(window)
    window.show()
    if ns.connect:
        window.connect_to_server()
    return run_event_loop(app, [window])


def open_demo(
    settings: Settings,
    port: int = 0,
    nick: str | None = None,
    config: ServerConfig | None = None,
) -> tuple[Any, Any]:
    """Both windows, side by side, the client already connecting. Used by run_demo
    and by tools/screenshots.py (which passes a quicker heartbeat in `config`)."""
    from ..ui.client_window import ClientWindow
    from ..ui.server_window import ServerWindow
    from .server_factory import build_server

    app = QApplication.instance()
    # The demo's history lives in memory: it never touches, or locks, the
    # history of a real server the user may run.
    built = build_server(config, in_memory=True)
    assert built is not None  # only a damaged file on disk stops a build
    server_window = ServerWindow(server=built.server, settings=settings)
    built.server.setParent(server_window)
    client_window = ClientWindow(settings=settings)
    for window in (server_window, client_window):
        wire_preferences(window, app)  # type: ignore[arg-type]
        window.remember_connection = False
    # The demo stays on this machine: loopback only, a free port unless asked.
    server_window.host_edit.setText(LOOPBACK)
    server_window.port_spin.setValue(port)
    # The client is filled in with the server's real port before anyone sees it.
    listening = server_window.start_listening()
    if listening:
        client_window.host_edit.setText(LOOPBACK)
        client_window.port_spin.setValue(server_window.server.port)
    if nick:
        client_window.nick_edit.setText(nick)
    for window in (server_window, client_window):
        startup_probe.watch(window)
        window.show()
    lay_out_side_by_side([server_window, client_window])
    # A window manager adds its frames once it has mapped the windows: place
    # them again then, so the title bars fit on the screen too.
    QTimer.singleShot(
        FRAME_SETTLE_MS, server_window, lambda: lay_out_side_by_side([server_window, client_window])
    )
    if listening:
        client_window.connect_to_server()
    return server_window, client_window


def side_by_side(available: QRect, minimum_widths: Sequence[int]) -> list[QRect]:
    """Frame rectangles for windows in a row across *available*: equal columns, the
    full height. A window that needs more than its column gets its minimum, and
    the last one keeps to the right edge: they overlap only as much as that forces."""
    count = len(minimum_widths)
    column = available.width() // max(1, count)
    rects: list[QRect] = []
    for i, minimum in enumerate(minimum_widths):
        width = min(available.width(), max(column, minimum))
        left = available.left() + i * column
        left = min(left, available.right() + 1 - width)  # never past the right edge
        rects.append(QRect(left, available.top(), width, available.height()))
    return rects


def lay_out_side_by_side(windows: Sequence[QWidget]) -> None:
    """Place shown windows side by side on the first one's screen, frames included."""
    available = windows[0].screen().availableGeometry()
    minimums = [w.minimumSizeHint().width() for w in windows]
    for window, frame in zip(windows, side_by_side(available, minimums), strict=True):
        # The window manager's frame (title bar, borders) is outside geometry().
        outer, inner = window.frameGeometry(), window.geometry()
        left, top = inner.left() - outer.left(), inner.top() - outer.top()
        right, bottom = outer.right() - inner.right(), outer.bottom() - inner.bottom()
        window.setGeometry(frame.adjusted(left, top, -right, -bottom))


def lab_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chatapp-lab",
        description="The teaching labs: TCP's lessons shown with real sockets, step by step.",
    )
    parser.add_argument("--version", action="version", version=f"chatapp {__version__}")
    add_language_option(parser)
    return parser


def open_lab_window(settings: Settings) -> Any:
    """The lab window as `chatapp-lab` opens it (the last lab shown, where it was)."""
    from ..ui.lab.lab_window import LabWindow

    app = QApplication.instance()
    window = LabWindow(settings=settings)
    wire_preferences(window, app)  # type: ignore[arg-type]
    startup_probe.watch(window)
    window.show()
    return window


def run_lab_window(argv: Sequence[str] | None = None) -> int:
    args = lab_parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    settings = Settings()
    app = make_app(settings=settings, kind="client", language=args.lang)
    window = open_lab_window(settings)
    return run_event_loop(app, [window])


def loopback_port_is_free(port: int) -> bool:
    from PySide6.QtNetwork import QHostAddress, QTcpServer

    probe = QTcpServer()
    free = probe.listen(QHostAddress(LOOPBACK), port)
    probe.close()
    return free


def run_demo(argv: Sequence[str] | None = None) -> int:
    args = demo_parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    settings = Settings()
    app = make_app(settings=settings, language=args.lang)
    # Port 2000 when it is free, so `chatapp-client` and the README's netcat
    # line find the demo without being told; else any free port.
    port = args.port or (DEFAULT_PORT if loopback_port_is_free(DEFAULT_PORT) else 0)
    windows = open_demo(settings, port, args.nick)
    return run_event_loop(app, windows)


__all__ = [
    "DEFAULT_PORT",
    "demo_parser",
    "lab_parser",
    "make_app",
    "open_demo",
    "open_history",
    "open_lab_window",
    "open_server_window",
    "run_client_window",
    "run_demo",
    "run_lab_window",
    "run_server_window",
    "side_by_side",
]
