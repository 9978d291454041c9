"""The load generator for benchmarks/run.py: many chat clients in one asyncio process.

Plain asyncio sockets, no Qt and no chatapp code, speaking the JSON protocol
the way any client may: hello, wait for welcome, say, answer pings. Each chat
line carries its send time as a marker, "@T<monotonic seconds>@"; whoever
receives a line with a marker counts a delivery and its latency (sender and
receivers live in this one process, so they share the clock).

Against a baseline relay (--raw) there is no handshake: the relay echoes each
`say` line to everyone as is, and the marker is found the same way.

    python benchmarks/loadgen.py fanout --port P [--clients 100 --senders 10
                                         --rate 1000 --duration 10]
    python benchmarks/loadgen.py saturation --port P --rates 1000,2000,...
    python benchmarks/loadgen.py idle --port P --clients 10000 --hold 20

Progress lines go to stderr. On stdout: "MARK <name> <monotonic time>" at the
moments the caller may want to sample the server (start and end of a phase),
then one "RESULT <json>" line. Every loop is bounded in count and time; only
loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import math
import re
import resource
import sys
import time
from array import array
from collections.abc import Sequence

MARKER = re.compile(rb"@T(\d+\.\d+)@")
PING = re.compile(rb'\{"type":"ping","t":([-0-9.eE+]+)\}')
PONG = re.compile(rb'\{"type":"pong","t":([-0-9.eE+]+)\}')
ACK = re.compile(rb'\{"type":"ack","id":"([^"]+)"')
CONNECT_TIMEOUT_S = 30.0
# Every client reads into this one buffer (asyncio.BufferedProtocol): a plain
# Protocol makes asyncio allocate max_size (256 KiB) per read and shrink it,
# which was a third of the load generator's time, and a load generator that
# is the bottleneck measures itself. Reads never overlap: one thread, and each
# is handled before the next starts.
READ_BUFFER = memoryview(bytearray(64 * 1024))
STEP_PAUSE_S = 1.0


def log(text: str) -> None:
    print(f"loadgen: {text}", file=sys.stderr, flush=True)


def mark(name: str) -> float:
    now = time.monotonic()
    print(f"MARK {name} {now:.6f}", flush=True)
    return now


def percentile(sorted_values: Sequence[float], fraction: float) -> float | None:
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def summary_ms(values: Sequence[float]) -> dict[str, float | None]:
    ordered = sorted(values)
    scale = lambda v: None if v is None else round(v * 1000, 3)  # noqa: E731
    return {
        "count": len(ordered),
        "p50_ms": scale(percentile(ordered, 0.50)),
        "p99_ms": scale(percentile(ordered, 0.99)),
        "max_ms": scale(ordered[-1] if ordered else None),
    }


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def loopback_only(host: str) -> str:
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"loadgen: {host} is not a loopback address; benchmarks stay local")
    return host


class Stats:
    """What every client reports into, for the phase being measured."""

    def __init__(self) -> None:
        self.measuring = False
        self.since = 0.0  # markers older than this belong to an earlier phase
        self.latencies = array("d")
        self.delivered = 0
        self.ack_latencies = array("d")
        self.rtts = array("d")
        self.pings_answered = 0
        self.errors: dict[str, int] = {}
        self.closed = 0
        self.bytes_in = 0

    def reset(self, since: float) -> None:
        self.since = since
        self.latencies = array("d")
        self.delivered = 0
        self.ack_latencies = array("d")
        self.rtts = array("d")


class Client(asyncio.BufferedProtocol):
    def __init__(self, stats: Stats, nick: str, chatapp: bool, probe: bool = True) -> None:
        self.stats = stats
        self.nick = nick
        self.chatapp = chatapp
        self.probe = probe  # parses every marker for latency; others only count them
        self.transport: asyncio.Transport | None = None
        self.welcomed = asyncio.get_running_loop().create_future()
        self.tail = b""
        self.said = 0
        self.unacked: dict[bytes, float] = {}
        self.track_acks = False

    # --- asyncio.BufferedProtocol ----------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if self.chatapp:
            hello = {"type": "hello", "v": 1, "nick": self.nick, "client": "loadgen"}
            transport.write(json.dumps(hello, separators=(",", ":")).encode() + b"\n")
        elif not self.welcomed.done():
            self.welcomed.set_result(True)

    def connection_lost(self, exc: Exception | None) -> None:
        self.stats.closed += 1
        self.transport = None
        if not self.welcomed.done():
            self.welcomed.set_exception(ConnectionError(f"{self.nick}: closed before welcome"))

    def get_buffer(self, sizehint: int) -> memoryview:
        return READ_BUFFER

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(bytes(READ_BUFFER[:nbytes]))

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        self.stats.bytes_in += len(data)
        data = self.tail + data if self.tail else data
        cut = data.rfind(b"\n") + 1
        if cut < len(data):
            self.tail = data[cut:]
            data = data[:cut]
            if not data:
                return
        else:
            self.tail = b""
        stats = self.stats
        if stats.measuring and b"@T" in data:
            if self.probe:
                since = stats.since
                fresh = [now - float(t) for t in MARKER.findall(data)]
                fresh = [lat for lat in fresh if now - lat >= since]
                stats.delivered += len(fresh)
                stats.latencies.extend(fresh)
            else:
                stats.delivered += data.count(b"@T")
        if not self.chatapp:
            return
        if not self.welcomed.done():
            if b'"type":"welcome"' in data:
                self.welcomed.set_result(True)
            elif b'"type":"error"' in data:
                code = re.search(rb'"code":"([^"]*)"', data)
                name = code.group(1).decode() if code else "error"
                stats.errors[name] = stats.errors.get(name, 0) + 1
                self.welcomed.set_exception(ConnectionError(f"{self.nick}: refused ({name})"))
        if b'"ping"' in data and self.transport is not None:
            for t in PING.findall(data):
                self.transport.write(b'{"type":"pong","t":' + t + b"}\n")
                stats.pings_answered += 1
        if b'"pong"' in data:
            for t in PONG.findall(data):
                stats.rtts.append(now - float(t))
        if self.track_acks and b'"ack"' in data:
            for message_id in ACK.findall(data):
                sent = self.unacked.pop(message_id, None)
                if sent is not None and stats.measuring:
                    stats.ack_latencies.append(now - sent)

    # --- actions -----------------------------------------------------------------

    def say(self, text_tail: bytes) -> None:
        if self.transport is None:
            return
        self.said += 1
        message_id = f"{self.nick}-{self.said}".encode()
        now = time.monotonic()
        if self.track_acks:
            self.unacked[message_id] = now
        self.transport.write(
            b'{"type":"say","id":"' + message_id + b'","text":"@T'
            + f"{now:.6f}".encode() + b"@ " + text_tail + b'"}\n'
        )

    def ping(self) -> None:
        if self.transport is not None:
            now = f"{time.monotonic():.6f}".encode()
            self.transport.write(b'{"type":"ping","t":' + now + b"}\n")

    def close(self) -> None:
        if self.transport is not None:
            if self.chatapp:
                self.transport.write(b'{"type":"bye","reason":"benchmark done"}\n')
            self.transport.close()


async def connect_all(
    host: str, port: int, count: int, sources: list[str], chatapp: bool, stats: Stats,
    *, concurrency: int = 200, prefix: str = "b", probe_every: int = 1,
) -> list[Client]:
    """Open `count` connections, `concurrency` at a time, spread over the source
    addresses; wait for each welcome. Raises if any fails. Every
    `probe_every`-th client measures latency; all count deliveries."""
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(concurrency)
    clients: list[Client] = []

    async def one(index: int) -> None:
        async with gate:
            client = Client(stats, f"{prefix}{index}", chatapp, probe=index % probe_every == 0)
            source = sources[index % len(sources)]
            await loop.create_connection(lambda: client, host, port, local_addr=(source, 0))
            clients.append(client)
            await asyncio.wait_for(client.welcomed, CONNECT_TIMEOUT_S)

    started = time.monotonic()
    results = await asyncio.gather(*(one(i) for i in range(count)), return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        for client in clients:
            client.close()
        raise RuntimeError(f"{len(failures)} of {count} connections failed; first: {failures[0]!r}")
    log(f"{count} clients connected in {time.monotonic() - started:.1f} s")
    return clients


async def settle(seconds: float) -> None:
    """Let the joins' broadcasts and the backlog arrive before measuring."""
    await asyncio.sleep(seconds)


async def send_at_rate(
    senders: list[Client], rate: float, duration: float, tick: float = 0.001
) -> tuple[int, float]:
    """Send `rate` messages/s in total, round-robin over the senders, for
    `duration` s; returns (messages sent, seconds taken)."""
    tail = b"benchmark message from the load generator"
    start = time.monotonic()
    end = start + duration
    sent = 0
    count = len(senders)
    while (now := time.monotonic()) < end:
        due = int((now - start) * rate) - sent
        for _ in range(due):
            senders[sent % count].say(tail)
            sent += 1
        await asyncio.sleep(tick)
    return sent, time.monotonic() - start


async def quiet(stats: Stats, limit: float = 10.0) -> None:
    """Wait until nothing has arrived for half a second (a backlog drained), at most `limit` s."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = stats.bytes_in
        await asyncio.sleep(0.5)
        if stats.bytes_in == before:
            return


async def drain(stats: Stats, expected: int, timeout: float) -> float:
    """Wait until every delivery arrived or `timeout` passed; returns the wait."""
    started = time.monotonic()
    while stats.delivered < expected and time.monotonic() - started < timeout:
        await asyncio.sleep(0.01)
    return time.monotonic() - started


async def measure_step(
    clients: list[Client], senders: list[Client], stats: Stats, rate: float,
    duration: float, drain_timeout: float, label: str,
) -> dict[str, object]:
    cpu0 = time.process_time()
    stats.reset(time.monotonic())
    stats.measuring = True
    started = mark(f"{label}-start")
    sent, took = await send_at_rate(senders, rate, duration)
    sent_end = mark(f"{label}-sent")
    expected = sent * len(clients)
    waited = await drain(stats, expected, drain_timeout)
    stats.measuring = False
    ended = mark(f"{label}-end")
    latency = summary_ms(stats.latencies)
    result: dict[str, object] = {
        "rate_offered": rate,
        "rate_sent": round(sent / took, 1),
        "messages_sent": sent,
        "receivers": len(clients),
        "deliveries_expected": expected,
        "deliveries": stats.delivered,
        "delivered_fraction": round(stats.delivered / expected, 5) if expected else None,
        "deliveries_per_s": round(stats.delivered / max(ended - started, 1e-9), 1),
        "messages_per_s": round(stats.delivered / len(clients) / max(ended - started, 1e-9), 1),
        "drain_s": round(waited, 3),
        "latency": latency,
        "send_window": [started, sent_end],
        "window": [started, ended],
        "loadgen_cpu_percent": round(
            100 * (time.process_time() - cpu0) / max(ended - started, 1e-9), 1),
        "connections_lost": stats.closed,
    }
    if stats.ack_latencies:
        result["ack_latency"] = summary_ms(stats.ack_latencies)
    return result


# --- scenarios -----------------------------------------------------------------


async def fanout(args: argparse.Namespace) -> dict[str, object]:
    stats = Stats()
    chatapp = not args.raw
    clients = await connect_all(args.host, args.port, args.clients, args.sources, chatapp, stats,
                                probe_every=args.probe_every)
    senders = clients[: args.senders]
    for sender in senders:
        sender.track_acks = chatapp
    await settle(args.settle)
    try:
        return await measure_step(
            clients, senders, stats, args.rate, args.duration, args.drain, "fanout"
        )
    finally:
        for client in clients:
            client.close()
        await asyncio.sleep(0.1)


async def saturation(args: argparse.Namespace) -> dict[str, object]:
    """Step the rate up until p99 passes the limit or deliveries fall short,
    then halve the gap between the last rate held and the first one missed
    (geometrically) --refine times: the answer is that fine, whatever the ladder."""
    stats = Stats()
    chatapp = not args.raw
    clients = await connect_all(args.host, args.port, args.clients, args.sources, chatapp, stats,
                                probe_every=args.probe_every)
    senders = clients[: args.senders]
    await settle(args.settle)
    steps: list[dict[str, object]] = []
    budget_end = time.monotonic() + args.budget

    async def holds(rate: float) -> bool:
        # A shared machine has hiccups: a rate fails only if every attempt fails.
        for attempt in range(1, args.attempts + 1):
            step = await measure_step(
                clients, senders, stats, rate, args.duration, args.drain,
                f"rate-{rate:g}-{attempt}",
            )
            p99 = step["latency"]["p99_ms"]  # type: ignore[index]
            fraction = step["delivered_fraction"] or 0.0
            sustained = (
                p99 is not None and p99 <= args.p99_limit_ms
                and fraction >= args.min_delivered and stats.closed == 0
                and step["rate_sent"] >= 0.95 * rate  # type: ignore[operator]
            )
            step["sustained"] = sustained
            step["attempt"] = attempt
            steps.append(step)
            log(f"rate {rate:g}/s (attempt {attempt}): p99 {p99} ms, delivered "
                f"{fraction:.3%}, {'sustained' if sustained else 'NOT sustained'}")
            if sustained or stats.closed:
                break
            await quiet(stats, limit=max(args.settle, 10 * args.settle))
        await asyncio.sleep(min(STEP_PAUSE_S, args.settle))
        return sustained

    best: float | None = None
    missed: float | None = None
    try:
        for rate in args.rates:
            if time.monotonic() > budget_end:
                log("time budget spent; stopping the ladder")
                break
            if not await holds(rate):
                missed = rate
                break
            best = rate
        for _ in range(args.refine if best is not None and missed is not None else 0):
            if time.monotonic() > budget_end or stats.closed:
                break
            rate = float(round(math.sqrt(best * missed)))  # type: ignore[operator]
            if await holds(rate):
                best = rate
            else:
                missed = rate
    finally:
        for client in clients:
            client.close()
        await asyncio.sleep(0.1)
    return {"highest_sustained_rate": best, "first_missed_rate": missed,
            "p99_limit_ms": args.p99_limit_ms, "steps": steps}


async def idle(args: argparse.Namespace) -> dict[str, object]:
    """Hold many idle connections: answer the server's pings, ping it as a
    chatapp client does, and measure those round trips."""
    stats = Stats()
    mark("idle-before")
    started = time.monotonic()
    chatapp = not args.raw
    clients = await connect_all(
        args.host, args.port, args.clients, args.sources, chatapp, stats,
        concurrency=args.concurrency,
    )
    connect_s = time.monotonic() - started
    mark("idle-connected")
    await settle(args.settle)
    stats.reset(time.monotonic())
    mark("idle-hold-start")
    hold_end = time.monotonic() + args.hold
    # Each client pings once per interval, spread evenly over the interval.
    per_tick = max(1, math.ceil(len(clients) * 0.05 / args.ping_interval))
    index = 0
    pings = 0
    while time.monotonic() < hold_end:
        for _ in range(per_tick if chatapp else 0):  # a relay would echo pings to all
            clients[index % len(clients)].ping()
            index += 1
            pings += 1
        await asyncio.sleep(0.05)
    await asyncio.sleep(min(2.0, args.ping_interval))  # the last pongs
    mark("idle-held")
    alive = sum(1 for c in clients if c.transport is not None)
    result = {
        "connections": len(clients),
        "alive_after_hold": alive,
        "connect_s": round(connect_s, 2),
        "hold_s": args.hold,
        "pings_sent": pings,
        "pongs_received": len(stats.rtts),
        "server_pings_answered": stats.pings_answered,
        "rtt": summary_ms(stats.rtts),
    }
    for client in clients:
        client.close()
    await asyncio.sleep(0.5)
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["fanout", "saturation", "idle"])
    parser.add_argument("--host", default="127.0.0.1", type=loopback_only)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sources", default="127.0.0.1",
                        help="comma-separated loopback source addresses to bind clients to")
    parser.add_argument("--raw", action="store_true", help="a baseline relay: no hello, no pings")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--senders", type=int, default=10)
    parser.add_argument("--rate", type=float, default=1000, help="messages/s in total")
    parser.add_argument("--rates", default="", help="saturation: comma-separated rates to try")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of sending per step")
    parser.add_argument("--drain", type=float, default=3.0,
                        help="seconds to wait for the last deliveries")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="seconds between connecting and sending")
    parser.add_argument("--budget", type=float, default=300.0,
                        help="saturation: stop stepping after this long")
    parser.add_argument("--p99-limit-ms", type=float, default=100.0)
    parser.add_argument("--min-delivered", type=float, default=0.99)
    parser.add_argument("--hold", type=float, default=20.0,
                        help="idle: seconds to hold the connections")
    parser.add_argument("--ping-interval", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=200,
                        help="connections being opened at once")
    parser.add_argument("--probe-every", type=int, default=1,
                        help="every Nth client measures latency (all count deliveries)")
    parser.add_argument("--attempts", type=int, default=2,
                        help="saturation: tries per rate before it counts as not sustained")
    parser.add_argument("--refine", type=int, default=0,
                        help="saturation: halvings of the gap between the last rate held "
                             "and the first missed")
    args = parser.parse_args(argv)
    args.sources = [loopback_only(s.strip()) for s in args.sources.split(",") if s.strip()]
    args.rates = [float(r) for r in args.rates.split(",") if r.strip()]
    if args.scenario == "saturation" and not args.rates:
        parser.error("saturation needs --rates")
    if not 1 <= args.senders <= args.clients:
        parser.error("--senders must be between 1 and --clients")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    limit = raise_fd_limit()
    if args.clients + 64 > limit:
        raise SystemExit(f"loadgen: {args.clients} clients need more file descriptors than {limit}")
    scenario = {"fanout": fanout, "saturation": saturation, "idle": idle}[args.scenario]
    started = time.process_time()
    result = asyncio.run(scenario(args))
    result["loadgen_cpu_s"] = round(time.process_time() - started, 2)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
