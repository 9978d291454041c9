"""chatapp's benchmarks in one command: the server against two minimal relays.

    python benchmarks/run.py            # the full run (about 15 minutes)
    python benchmarks/run.py --quick    # a seconds-long smoke run, tiny counts
    python benchmarks/run.py --only fanout,saturation --repeat 5

Starts each server (the headless chatapp server, benchmarks/baseline_qt_relay.py,
benchmarks/baseline_asyncio_relay.py) and a SEPARATE load-generator process
(benchmarks/loadgen.py) on 127.0.0.1 only, and measures:

  fanout      100 clients, 10 of them sending 1,000 msg/s in total for 10 s:
              deliveries/s, latency p50/p99/max, server CPU and peak memory
  saturation  the rate stepped up until p99 passes 100 ms: the highest sustained
  scale       10,000 idle connections with heartbeats: memory per connection,
              heartbeat round trip p99
  gui         the server window showing 2,000 msg/s: event-loop stall p99 and
              memory; a client window holding 100,000 messages
  startup     process start to first window, server and client (median)

Prints a table and writes everything to a JSON file (--output). The machine is
shared and has few cores: each number is the median of --repeat runs where it
says so, and the relays run in the same session, so compare ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOOPBACK = "127.0.0.1"
LISTENING = re.compile(r"listening on (\S+):(\d+)")
STARTUP_LINE = re.compile(r"chatapp startup: ([0-9.]+) s to first window")
ALL_TARGETS = ("chatapp", "qt_relay", "asyncio_relay")
TARGETS = ALL_TARGETS  # --targets narrows it, to iterate on one server
TARGET_NAMES = {
    "chatapp": "chatapp server",
    "qt_relay": "QTcpServer relay",
    "asyncio_relay": "asyncio relay",
}
SCENARIOS = ("fanout", "saturation", "scale", "gui", "startup")
START_TIMEOUT_S = 30.0
MONITOR_INTERVAL_S = 0.1


@dataclass
class Profile:
    """How big each scenario is: the full run or the seconds-long smoke run."""

    repeat: int = 3
    fanout_clients: int = 100
    fanout_senders: int = 10
    fanout_rate: float = 1000
    fanout_seconds: float = 10
    saturation_rates: Sequence[float] = field(default_factory=lambda: ladder(250, 1.35, 40_000))
    saturation_seconds: float = 4
    saturation_budget_s: float = 200
    saturation_refine: int = 2  # the answer within 1.35 ** (1/4) = 8 %
    saturation_probe_every: int = 4  # a quarter of the receivers parse every latency
    scale_connections: int = 10_000
    scale_sources: int = 20
    scale_hold_s: float = 20
    scale_ping_interval: float = 5
    gui_clients: int = 20
    gui_senders: int = 10
    gui_rate: float = 2000
    gui_seconds: float = 10
    client_window_messages: int = 100_000
    startup_runs: int = 5
    drain_s: float = 5
    settle_s: float = 1.0  # between connecting and measuring


def ladder(start: float, factor: float, stop: float) -> list[float]:
    rates = []
    rate = start
    while rate <= stop:
        rates.append(float(round(rate)))
        rate *= factor
    return rates


QUICK = Profile(
    repeat=1, fanout_clients=10, fanout_senders=2, fanout_rate=100, fanout_seconds=1,
    saturation_rates=[100, 400], saturation_seconds=1, saturation_budget_s=10, saturation_refine=1,
    scale_connections=100, scale_sources=2, scale_hold_s=1.5, scale_ping_interval=0.5,
    gui_clients=4, gui_senders=2, gui_rate=100, gui_seconds=1,
    client_window_messages=2000, startup_runs=1, drain_s=2, settle_s=0.3,
)


# --- processes -----------------------------------------------------------------------

_children: list[subprocess.Popen[bytes]] = []


def _raise_fd_limit() -> None:
    """In the child before exec: as many descriptors as the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def spawn(cmd: list[str], *, stdout: Any, env: dict[str, str] | None = None,
          stdin: Any = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [environment.get("PYTHONPATH")])]
    )
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    environment.update(env or {})
    process = subprocess.Popen(
        cmd, stdout=stdout, stderr=subprocess.STDOUT if stdout is not None else None,
        stdin=stdin, env=environment, cwd=ROOT, preexec_fn=_raise_fd_limit,
        start_new_session=True,  # its own process group: we stop exactly what we started
    )
    _children.append(process)
    return process


def stop_process(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
    if process in _children:
        _children.remove(process)


def stop_all() -> None:
    for process in list(_children):
        stop_process(process, grace=3.0)


class Monitor(threading.Thread):
    """Samples a process's CPU time and memory every 0.1 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, float, int]] = []  # (monotonic, cpu s, rss)
        self._stop_event = threading.Event()
        self.start()

    def sample(self) -> tuple[float, float, int] | None:
        try:
            with self.process.oneshot():
                cpu = self.process.cpu_times()
                rss = self.process.memory_info().rss
        except psutil.Error:
            return None
        item = (time.monotonic(), cpu.user + cpu.system, rss)
        self.samples.append(item)
        return item

    def run(self) -> None:
        while not self._stop_event.wait(MONITOR_INTERVAL_S):
            if self.sample() is None:
                return

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=2)

    def peak_rss_ever(self) -> int | None:
        """VmHWM: the most memory the process ever held (Linux), else our samples' peak."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return max((rss for _, _, rss in self.samples), default=None)

    def window(self, start: float, end: float) -> dict[str, float | None]:
        """CPU use and memory between two monotonic times."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        before = [s for s in self.samples if s[0] <= start]
        after = [s for s in self.samples if s[0] >= end]
        first = before[-1] if before else (inside[0] if inside else None)
        last = after[0] if after else (inside[-1] if inside else None)
        cpu = None
        if first and last and last[0] > first[0]:
            cpu = 100 * (last[1] - first[1]) / (last[0] - first[0])
        rss = [s[2] for s in inside] or ([last[2]] if last else [])
        return {
            "cpu_percent": None if cpu is None else round(cpu, 1),
            "peak_rss_mb": round(max(rss) / 2**20, 1) if rss else None,
        }

    def rss_at(self, moment: float) -> int | None:
        """Memory at the first sample at or after `moment`."""
        later = [s for s in self.samples if s[0] >= moment]
        return later[0][2] if later else None


@dataclass
class Server:
    kind: str
    process: subprocess.Popen[bytes]
    port: int
    monitor: Monitor
    log_path: Path


def server_command(kind: str, data_dir: Path, extra: Sequence[str] = ()) -> list[str]:
    if kind == "chatapp":
        return [
            sys.executable, "-c",
            "import sys; from chatapp.app.cli import server_main; sys.exit(server_main())",
            "--headless", "--host", LOOPBACK, "--port", "0", "--data-dir", str(data_dir),
            "--flood-rate", "0", "--log-level", "warning", *extra,
        ]
    script = {"qt_relay": "baseline_qt_relay.py",
              "asyncio_relay": "baseline_asyncio_relay.py"}[kind]
    return [sys.executable, str(HERE / script), "--host", LOOPBACK, "--port", "0"]


def wait_for_listening(process: subprocess.Popen[bytes], log_path: Path, what: str) -> int:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace") if log_path.exists() else ""
        match = LISTENING.search(text)
        if match:
            return int(match.group(2))
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited at start:\n{text[-2000:]}")
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start listening within {START_TIMEOUT_S:g} s")


@contextmanager
def running_server(kind: str, workdir: Path, extra: Sequence[str] = ()) -> Iterator[Server]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=workdir))
    log_path = data_dir / "server.log"
    with open(log_path, "wb") as log:
        process = spawn(server_command(kind, data_dir / "data", extra), stdout=log)
    try:
        port = wait_for_listening(process, log_path, TARGET_NAMES[kind])
        monitor = Monitor(process.pid)
        try:
            yield Server(kind, process, port, monitor, log_path)
        finally:
            monitor.sample()
            monitor.stop()
            if process.poll() is not None:
                raise RuntimeError(
                    f"{TARGET_NAMES[kind]} died during the run:\n{log_path.read_text()[-2000:]}"
                )
    finally:
        stop_process(process)


def run_loadgen(args: Sequence[str], timeout: float) -> tuple[dict[str, Any], dict[str, float]]:
    """Run benchmarks/loadgen.py; its RESULT and its MARKs (name -> monotonic time)."""
    process = spawn([sys.executable, str(HERE / "loadgen.py"), *args], stdout=subprocess.PIPE)
    marks: dict[str, float] = {}
    result: dict[str, Any] | None = None
    lines: list[str] = []
    timer = threading.Timer(timeout, lambda: stop_process(process, grace=2))
    timer.start()
    try:
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.decode(errors="replace").rstrip("\n")
            if line.startswith("MARK "):
                _, name, moment = line.split()
                marks[name] = float(moment)
            elif line.startswith("RESULT "):
                result = json.loads(line[len("RESULT "):])
            else:
                lines.append(line)
                if line.startswith("loadgen:"):
                    print(f"    {line}", flush=True)
        process.wait()
    finally:
        timer.cancel()
        stop_process(process)
    if result is None:
        tail = "\n".join(lines[-30:])
        raise RuntimeError(f"the load generator failed (exit {process.returncode}):\n{tail}")
    return result, marks


def sources(count: int) -> list[str]:
    """Loopback source addresses 127.0.0.2 ... : each has its own ephemeral ports."""
    return [f"127.0.0.{2 + i}" for i in range(max(1, min(count, 250)))]


# --- scenarios -------------------------------------------------------------------------


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None


def fanout(profile: Profile, workdir: Path) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in TARGETS}
    for rep in range(profile.repeat):
        shift = rep % len(TARGETS)
        order = TARGETS[shift:] + TARGETS[:shift]  # rotate: no one always goes first
        for kind in order:
            print(f"  fanout run {rep + 1}/{profile.repeat}: {TARGET_NAMES[kind]}", flush=True)
            with running_server(kind, workdir, ["--max-per-address", "1000"]) as server:
                args = [
                    "fanout", "--port", str(server.port), "--clients", str(profile.fanout_clients),
                    "--senders", str(profile.fanout_senders), "--rate", str(profile.fanout_rate),
                    "--duration", str(profile.fanout_seconds), "--drain", str(profile.drain_s),
                    "--settle", str(profile.settle_s),
                ]
                if kind != "chatapp":
                    args.append("--raw")
                result, marks = run_loadgen(args, timeout=profile.fanout_seconds + 120)
                start, end = result["window"]
                result["server"] = server.monitor.window(start, end)
                result["server"]["peak_rss_ever_mb"] = round(
                    (server.monitor.peak_rss_ever() or 0) / 2**20, 1)
                runs[kind].append(result)
    summary: dict[str, Any] = {}
    for kind, results in runs.items():
        summary[kind] = {
            "deliveries_per_s": median([r["deliveries_per_s"] for r in results]),
            "messages_per_s": median([r["messages_per_s"] for r in results]),
            "delivered_fraction": median([r["delivered_fraction"] for r in results]),
            "p50_ms": median([r["latency"]["p50_ms"] for r in results]),
            "p99_ms": median([r["latency"]["p99_ms"] for r in results]),
            "max_ms": median([r["latency"]["max_ms"] for r in results]),
            "ack_p99_ms": median([r.get("ack_latency", {}).get("p99_ms") for r in results]),
            "server_cpu_percent": median([r["server"]["cpu_percent"] for r in results]),
            "server_peak_rss_mb": median([r["server"]["peak_rss_ever_mb"] for r in results]),
            "loadgen_cpu_percent": median([r["loadgen_cpu_percent"] for r in results]),
            "p99_ms_runs": [r["latency"]["p99_ms"] for r in results],
        }
    return {"summary": summary, "runs": runs, "profile": {
        "clients": profile.fanout_clients, "senders": profile.fanout_senders,
        "rate": profile.fanout_rate, "seconds": profile.fanout_seconds,
        "repeat": profile.repeat}}


def saturation(profile: Profile, workdir: Path) -> dict[str, Any]:
    runs: dict[str, Any] = {}
    for kind in TARGETS:
        print(f"  saturation: {TARGET_NAMES[kind]}", flush=True)
        with running_server(kind, workdir, ["--max-per-address", "1000"]) as server:
            args = [
                "saturation", "--port", str(server.port),
                "--clients", str(profile.fanout_clients), "--senders", str(profile.fanout_senders),
                "--rates", ",".join(f"{r:g}" for r in profile.saturation_rates),
                "--duration", str(profile.saturation_seconds), "--drain", str(profile.drain_s),
                    "--settle", str(profile.settle_s),
                "--budget", str(profile.saturation_budget_s),
                "--refine", str(profile.saturation_refine),
                "--probe-every", str(profile.saturation_probe_every),
            ]
            if kind != "chatapp":
                args.append("--raw")
            result, _ = run_loadgen(args, timeout=profile.saturation_budget_s + 180)
            for step in result["steps"]:
                step["server"] = server.monitor.window(*step["window"])
            runs[kind] = result
    return {"summary": {kind: {"highest_sustained_rate": r["highest_sustained_rate"]}
                        for kind, r in runs.items()}, "runs": runs}


def scale(profile: Profile, workdir: Path) -> dict[str, Any]:
    count = profile.scale_connections
    addresses = sources(profile.scale_sources)
    per_address = -(-count // len(addresses)) + 10
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if count + 200 > limit:
        count = max(10, limit - 200)
        print(f"  scale: the descriptor limit ({limit}) allows only {count} connections")
    results: dict[str, Any] = {"sources": len(addresses), "fd_hard_limit": limit}
    for kind in ("chatapp", "qt_relay"):
        print(f"  scale: {count} idle connections to the {TARGET_NAMES[kind]}", flush=True)
        extra = [
            "--max-clients", str(count + 100), "--max-per-address", str(per_address),
            "--hello-timeout", "300", "--heartbeat-interval", str(profile.scale_ping_interval),
            "--heartbeat-timeout", str(max(15.0, 3 * profile.scale_ping_interval)),
        ]
        with running_server(kind, workdir, extra) as server:
            time.sleep(profile.settle_s)
            args = [
                "idle", "--port", str(server.port), "--clients", str(count),
                "--sources", ",".join(addresses), "--hold", str(profile.scale_hold_s),
                "--ping-interval", str(profile.scale_ping_interval),
                "--settle", str(profile.settle_s),
            ]
            if kind != "chatapp":
                args.append("--raw")
            result, marks = run_loadgen(args, timeout=900)
            before = server.monitor.rss_at(marks["idle-before"])
            held = server.monitor.rss_at(marks["idle-held"])
            connected = server.monitor.rss_at(marks["idle-connected"])
            result["server_rss_before_mb"] = round((before or 0) / 2**20, 1)
            result["server_rss_connected_mb"] = round((connected or 0) / 2**20, 1)
            result["server_rss_held_mb"] = round((held or 0) / 2**20, 1)
            result["server_peak_rss_mb"] = round((server.monitor.peak_rss_ever() or 0) / 2**20, 1)
            if before and held:
                result["bytes_per_connection"] = round((held - before) / result["connections"])
            result["server_hold"] = server.monitor.window(
                marks["idle-hold-start"], marks["idle-held"])
            results[kind] = result
    return results


def gui(profile: Profile, workdir: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    print(f"  gui: server window at {profile.gui_rate:g} msg/s", flush=True)
    samples_path = workdir / "server-window-samples.json"
    log_path = workdir / "server-window.log"
    with open(log_path, "wb") as log:
        process = spawn([sys.executable, str(HERE / "gui_bench.py"), "server-window",
                         "--samples-out", str(samples_path)], stdout=log)
    try:
        port = wait_for_listening(process, log_path, "the server window")
        monitor = Monitor(process.pid)
        time.sleep(profile.settle_s)
        idle_rss = monitor.sample()
        result, _ = run_loadgen([
            "fanout", "--port", str(port), "--clients", str(profile.gui_clients),
            "--senders", str(profile.gui_senders), "--rate", str(profile.gui_rate),
            "--duration", str(profile.gui_seconds), "--drain", str(profile.drain_s),
                    "--settle", str(profile.settle_s),
        ], timeout=profile.gui_seconds + 120)
        monitor.sample()
        monitor.stop()
        stop_process(process, grace=20)
        samples = json.loads(samples_path.read_text())
        start, end = result["send_window"]
        stalls = sorted(late for t, late in samples["stall_samples"] if start <= t <= end)
        results["server_window"] = {
            "rate": profile.gui_rate, "clients": profile.gui_clients,
            "senders": profile.gui_senders, "seconds": profile.gui_seconds,
            "stall_p50_ms": _pct(stalls, 0.5), "stall_p99_ms": _pct(stalls, 0.99),
            "stall_max_ms": round(stalls[-1], 1) if stalls else None,
            "stall_samples": len(stalls),
            "rss_idle_mb": round(idle_rss[2] / 2**20, 1) if idle_rss else None,
            **{f"server_{k}": v for k, v in monitor.window(start, end).items()},
            "delivered_fraction": result["delivered_fraction"],
            "latency": result["latency"],
            "rows_shown": samples["rows_shown"],
        }
    finally:
        stop_process(process)
    print(f"  gui: client window with {profile.client_window_messages} messages", flush=True)
    output = subprocess.run(
        [sys.executable, str(HERE / "gui_bench.py"), "client-window",
         "--messages", str(profile.client_window_messages)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
    )
    line = next((x for x in output.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"the client window benchmark failed:\n{output.stdout}\n{output.stderr}")
    results["client_window"] = json.loads(line[len("RESULT "):])
    return results


def _pct(ordered: Sequence[float], fraction: float) -> float | None:
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, int(fraction * len(ordered) + 0.999999) - 1))
    return round(ordered[index], 1)


def startup_environment(settings: Path) -> dict[str, str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
                   "CHATAPP_REPORT_STARTUP": "1", "CHATAPP_EXIT_AFTER_SHOW": "1",
                   "CHATAPP_SETTINGS_FILE": str(settings)}
    # As a user's install runs: Python keeps the compiled modules after the
    # first run (some sandboxes turn that off, which adds ~50 ms to every run).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def startup(profile: Profile, workdir: Path) -> dict[str, Any]:
    programs = {
        "server": ["from chatapp.app.cli import server_main as m",
                   ["--host", LOOPBACK, "--port", "0"]],
        "client": ["from chatapp.app.cli import client_main as m", []],
    }
    results: dict[str, Any] = {}
    for name, (imports, argv) in programs.items():
        times: list[float] = []
        for run in range(profile.startup_runs + 1):  # the first warms the page cache
            settings = workdir / f"startup-{name}-{run}.ini"
            code = f"import sys; {imports}; sys.exit(m({argv!r}))"
            output = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                cwd=ROOT, env=startup_environment(settings),
            )
            match = STARTUP_LINE.search(output.stdout)
            if not match:
                raise RuntimeError(
                    f"{name} window start-up not reported:\n{output.stdout}{output.stderr}")
            if run or profile.startup_runs == 1:
                times.append(float(match.group(1)))
        results[name] = {"median_s": median(times), "runs_s": times}
    return results


# --- the report ---------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from PySide6 import __version__ as pyside_version
    except ImportError:
        pyside_version = "?"
    return {
        "cpus": os.cpu_count(), "cpu_model": cpu_model or platform.processor(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "pyside6": pyside_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if abs(value) >= 100:
            value = f"{value:,.0f}"
        else:
            value = f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"
    return f"{value}{unit}"


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    """(measure, chatapp, Qt relay, asyncio relay, comparison, target)."""
    rows: list[list[str]] = []
    f = results.get("fanout", {}).get("summary")
    if f:
        c, q, a = (f.get(k, {}) for k in ALL_TARGETS)
        rows += [
            ["fan-out deliveries/s", fmt(c.get("deliveries_per_s")), fmt(q.get("deliveries_per_s")),
             fmt(a.get("deliveries_per_s")), "", ""],
            ["fan-out latency p50", fmt(c.get("p50_ms"), " ms"), fmt(q.get("p50_ms"), " ms"),
             fmt(a.get("p50_ms"), " ms"), "", ""],
            ["fan-out latency p99", fmt(c.get("p99_ms"), " ms"), fmt(q.get("p99_ms"), " ms"),
             fmt(a.get("p99_ms"), " ms"), f"{fmt(ratio(c.get('p99_ms'), q.get('p99_ms')))}x Qt",
             "<= 1.5x Qt and < 20 ms"],
            ["fan-out latency max", fmt(c.get("max_ms"), " ms"), fmt(q.get("max_ms"), " ms"),
             fmt(a.get("max_ms"), " ms"), "", ""],
            ["fan-out server CPU", fmt(c.get("server_cpu_percent"), " %"),
             fmt(q.get("server_cpu_percent"), " %"), fmt(a.get("server_cpu_percent"), " %"),
             "", ""],
            ["fan-out server peak RSS", fmt(c.get("server_peak_rss_mb"), " MB"),
             fmt(q.get("server_peak_rss_mb"), " MB"), fmt(a.get("server_peak_rss_mb"), " MB"),
             "", ""],
        ]
    s = results.get("saturation", {}).get("summary")
    if s:
        c, q, a = (s.get(k, {}).get("highest_sustained_rate") for k in ALL_TARGETS)
        rows.append(["highest sustained msg/s", fmt(c), fmt(q), fmt(a),
                     f"{fmt(ratio(c, q))}x Qt, {fmt(ratio(c, a))}x asyncio",
                     ">= 0.8x Qt and >= 2x asyncio"])
    sc = results.get("scale")
    if sc:
        c, q = sc.get("chatapp", {}), sc.get("qt_relay", {})
        per = c.get("bytes_per_connection")
        rows.append([f"memory per idle connection ({c.get('connections')})",
                     fmt(None if per is None else per / 1024, " KB"),
                     fmt(None if q.get("bytes_per_connection") is None
                         else q["bytes_per_connection"] / 1024, " KB"), "", "", "< 25 KB"])
        rows.append(["heartbeat RTT p99 (idle)", fmt(c.get("rtt", {}).get("p99_ms"), " ms"),
                     "", "", f"{c.get('alive_after_hold')} of {c.get('connections')} alive", ""])
    g = results.get("gui")
    if g:
        w = g["server_window"]
        rows.append([f"server window stall p99 at {fmt(w['rate'])} msg/s",
                     fmt(w["stall_p99_ms"], " ms"), "", "", f"max {fmt(w['stall_max_ms'], ' ms')}",
                     "< 50 ms"])
        rows.append(["server window peak RSS", fmt(w["server_peak_rss_mb"], " MB"), "", "",
                     f"idle {fmt(w['rss_idle_mb'], ' MB')}", ""])
        cw = g["client_window"]
        rows.append([f"client window: append {cw['messages']:,} messages",
                     fmt(cw["append_s"], " s"),
                     "", "", f"stall p99 {fmt(cw['stall_during_append_p99_ms'], ' ms')}", ""])
        rows.append(["client window memory", fmt(cw["rss_after_mb"], " MB"), "", "",
                     f"{cw['bytes_per_message']} B/message", ""])
        rows.append(["client window scroll (jump + repaint)", fmt(cw["scroll_jump_p50_ms"], " ms"),
                     "", "", f"max {fmt(cw['scroll_jump_max_ms'], ' ms')}", ""])
    st = results.get("startup")
    if st:
        rows.append(["start-up to first window: server", fmt(st["server"]["median_s"], " s"),
                     "", "", "median", ""])
        rows.append(["start-up to first window: client", fmt(st["client"]["median_s"], " s"),
                     "", "", "median", "< 0.4 s"])
    return rows


def print_table(rows: list[list[str]]) -> str:
    header = ["measure", "chatapp", "Qt relay", "asyncio relay", "comparison", "target"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    text = "\n".join(lines)
    print(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a seconds-long smoke run")
    parser.add_argument("--only", default=",".join(SCENARIOS),
                        help=f"comma-separated scenarios ({', '.join(SCENARIOS)})")
    parser.add_argument("--repeat", type=int, default=None, help="fan-out runs per server (median)")
    parser.add_argument("--targets", default=",".join(ALL_TARGETS),
                        help="servers to measure in fanout and saturation (default: all three)")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "results.json")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where servers keep their data (default: a temporary folder)")
    args = parser.parse_args(argv)
    profile = QUICK if args.quick else Profile()
    if args.repeat:
        profile.repeat = args.repeat
    global TARGETS
    TARGETS = tuple(t for t in ALL_TARGETS if t in args.targets.split(","))
    if not TARGETS:
        parser.error(f"--targets: choose from {', '.join(ALL_TARGETS)}")
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    runners: dict[str, Callable[[Profile, Path], dict[str, Any]]] = {
        "fanout": fanout, "saturation": saturation, "scale": scale, "gui": gui,
        "startup": startup,
    }
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick,
                               "started": time.strftime("%Y-%m-%d %H:%M:%S")}

    def on_signal(signum: int, _frame: object) -> None:
        stop_all()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="chatapp-bench-", dir=args.workdir) as tmp:
            for name in chosen:
                print(f"{name}:", flush=True)
                began = time.monotonic()
                results[name] = runners[name](profile, Path(tmp))
                print(f"  ({time.monotonic() - began:.1f} s)", flush=True)
    finally:
        stop_all()
    results["seconds"] = round(time.monotonic() - started, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print()
    results["table"] = print_table(table_rows(results)).splitlines()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1))
    print(f"\n{results['seconds']} s; results in {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
