"""GUI measurements for benchmarks/run.py, each in its own process (offscreen).

    python benchmarks/gui_bench.py server-window --samples-out FILE
        A ServerWindow listening on 127.0.0.1 (a free port, printed as
        "listening on HOST:PORT"), as `chatapp-server` opens it but with flood
        control off so one load generator may send thousands of messages/s.
        While it runs, a timer measures how late the event loop wakes it
        (the stall); on SIGTERM the samples go to FILE as JSON and it exits.

    python benchmarks/gui_bench.py client-window --messages 100000
        A ClientWindow that receives that many chats as fast as they come
        (chat_received, as from a resume backlog): time until all are shown,
        memory, the stall meanwhile, and how long scrolling takes to repaint.
        Prints "RESULT <json>".

Settings go to a temporary file (CHATAPP_SETTINGS_FILE), never the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

PROBE_INTERVAL_MS = 10


class StallProbe(QObject):
    """A single-shot timer re-armed on every tick: how much later than asked it
    fires is how long the event loop was busy (the stall)."""

    def __init__(self, interval_ms: int = PROBE_INTERVAL_MS) -> None:
        super().__init__()
        self.interval_ms = interval_ms
        self.samples: list[tuple[float, float]] = []  # (monotonic time, ms late)
        self._timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._expected = 0.0

    def start(self) -> None:
        self._expected = time.monotonic() + self.interval_ms / 1000
        self._timer.start(self.interval_ms)

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        now = time.monotonic()
        self.samples.append((now, max(0.0, (now - self._expected) * 1000)))
        self._expected = now + self.interval_ms / 1000
        self._timer.start(self.interval_ms)


def rss_bytes() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(fraction * len(ordered) + 0.999999) - 1))]


def make_settings(directory: str):
    from chatapp.app.settings import Settings

    return Settings(Path(directory) / "settings.ini")


def server_window(args: argparse.Namespace) -> int:
    from chatapp.app.cli import server_parser
    from chatapp.app.windows_main import make_app, open_server_window

    with tempfile.TemporaryDirectory(prefix="chatapp-gui-bench-") as tmp:
        settings = make_settings(tmp)
        app = make_app(settings=settings, kind="server")
        # As `chatapp-server --host 127.0.0.1 --port 0` opens it (history on disk),
        # with flood control off so one load generator may send thousands/s.
        ns = server_parser().parse_args([
            "--host", "127.0.0.1", "--port", "0", "--data-dir", str(Path(tmp) / "data"),
            "--flood-rate", "0", "--max-clients", str(args.max_clients),
            "--max-per-address", str(args.max_clients),
        ])
        window = open_server_window(ns, settings)
        window.remember_connection = False
        server = window.server
        if not server.is_listening:
            print("gui_bench: the server window could not listen", file=sys.stderr)
            return 2
        print(f"server window listening on 127.0.0.1:{server.port}", flush=True)
        probe = StallProbe()
        probe.start()
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        deadline = time.monotonic() + args.max_seconds  # never runs forever
        poll = QTimer(interval=100)
        poll.timeout.connect(lambda: (stopping or time.monotonic() > deadline) and app.quit())
        poll.start()
        app.exec()
        probe.stop()
        Path(args.samples_out).write_text(json.dumps({
            "stall_samples": probe.samples,
            "rows_shown": window.chat_view.chat_model.rowCount(),
            "log_rows": window.event_log.model.rowCount(),
        }))
        window.close()  # stops the server and closes its history
    return 0


def client_window(args: argparse.Namespace) -> int:
    from chatapp.app.windows_main import make_app
    from chatapp.protocol import Chat
    from chatapp.ui.client_window import ClientWindow

    with tempfile.TemporaryDirectory(prefix="chatapp-gui-bench-") as tmp:
        settings = make_settings(tmp)
        app = make_app(settings=settings, kind="client")
        window = ClientWindow(settings=settings)
        window.remember_connection = False
        window.show()
        for _ in range(20):
            app.processEvents()
        view = window.chat_view
        model = view.chat_model
        base_rows = model.rowCount()
        rss_before = rss_bytes()
        words = ("hello", "lunch?", "the build is green", "meeting moved to 3pm",
                 "can you check the printer on floor two", "ok", "thanks!",
                 "I pushed the fix, please pull and try again")

        def make_chat(seq: int) -> Chat:
            # Made as they arrive, as the client decodes them off the wire: the
            # memory measured is what the window keeps, not this input.
            return Chat(seq, f"2026-11-24T10:{(seq // 60) % 60:02d}:{seq % 60:02d}.000Z",
                        f"user{seq % 37}", f"{words[seq % len(words)]} (message {seq})")

        probe = StallProbe()
        emitted = 0
        timer = QElapsedTimer()

        def feed() -> None:
            nonlocal emitted
            last = min(emitted + args.batch, args.messages)
            for seq in range(emitted + 1, last + 1):
                window.client.chat_received.emit(make_chat(seq))
            emitted = last
            if emitted < args.messages:
                QTimer.singleShot(0, feed)

        deadline = time.monotonic() + args.max_seconds
        probe.start()
        timer.start()
        QTimer.singleShot(0, feed)
        while model.rowCount() - base_rows < args.messages and time.monotonic() < deadline:
            app.processEvents()
        view.viewport().repaint()
        append_s = timer.nsecsElapsed() / 1e9
        probe.stop()
        for _ in range(5):
            app.processEvents()
        rss_after = rss_bytes()
        shown = model.rowCount() - base_rows
        stalls = [late for _, late in probe.samples]

        # Scrolling: jump to random places and repaint at once, as a drag of the
        # scroll bar does; then page through from the top.
        bar = view.verticalScrollBar()
        rng = random.Random(7)
        jumps: list[float] = []
        for _ in range(args.scroll_steps):
            started = time.perf_counter()
            bar.setValue(rng.randint(bar.minimum(), bar.maximum()))
            view.viewport().repaint()
            jumps.append((time.perf_counter() - started) * 1000)
        view.scrollToTop()
        app.processEvents()
        pages: list[float] = []
        for _ in range(args.scroll_steps):
            started = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            view.viewport().repaint()
            pages.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        view.scrollToBottom()
        view.viewport().repaint()
        to_bottom = (time.perf_counter() - started) * 1000

        result = {
            "messages": args.messages,
            "shown": shown,
            "append_s": round(append_s, 3),
            "rss_before_mb": round(rss_before / 2**20, 1),
            "rss_after_mb": round(rss_after / 2**20, 1),
            "bytes_per_message": round((rss_after - rss_before) / max(shown, 1)),
            "stall_during_append_p99_ms": round(percentile(stalls, 0.99) or 0.0, 1),
            "stall_during_append_max_ms": round(max(stalls, default=0.0), 1),
            "scroll_jump_p50_ms": round(percentile(jumps, 0.5) or 0.0, 2),
            "scroll_jump_max_ms": round(max(jumps, default=0.0), 2),
            "page_down_p50_ms": round(percentile(pages, 0.5) or 0.0, 2),
            "page_down_max_ms": round(max(pages, default=0.0), 2),
            "scroll_to_bottom_ms": round(to_bottom, 2),
        }
        print("RESULT " + json.dumps(result), flush=True)
        window.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    server = sub.add_parser("server-window")
    server.add_argument("--samples-out", required=True)
    server.add_argument("--max-clients", type=int, default=512)
    server.add_argument("--max-seconds", type=float, default=300.0)
    client = sub.add_parser("client-window")
    client.add_argument("--messages", type=int, default=100_000)
    client.add_argument("--batch", type=int, default=1000, help="chats emitted per event-loop turn")
    client.add_argument("--scroll-steps", type=int, default=30)
    client.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if QApplication.instance() is not None:
        raise SystemExit("gui_bench: run it as its own process")
    return server_window(args) if args.mode == "server-window" else client_window(args)


if __name__ == "__main__":
    raise SystemExit(main())
