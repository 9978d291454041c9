"""The mutation fuzzer over recorded real sessions (session_recording.py,
session_mutants.py), at two levels:

1. sans-IO: thousands of mutants into ProtocolSession(Role.SERVER), cut at
   random boundaries. Only documented events come out, nothing raises, the
   buffered bytes never pass the line limit, a fatal violation is the last
   event, and the chunking changes nothing (the same events as one read).
2. live: a real ChatServer on 127.0.0.1 takes mutants on concurrent
   connections while two healthy clients chat. The server never raises (pytest-qt
   fails the test on an exception in a Qt slot) and reports no error; every
   healthy message is acknowledged and delivered, p99 under a second; no
   connection buffers more than the line limit.

CI runs a short form (1000 sans-IO mutants, 48 live). By hand:
CHATAPP_FUZZ_ITERATIONS=100000 CHATAPP_FUZZ_SEED=7 pytest tests/adversarial/test_fuzz_sessions.py.
A failure prints the seed and the
mutant's number, and `mutant(load_sessions(), mutant_seed(SEED, N))` rebuilds it.
"""

from __future__ import annotations

import socket
import time

from session_mutants import chunks, fuzz_iterations, fuzz_seed, mutant, mutant_seed
from session_recording import load_sessions

from chatapp.protocol import (
    Auth,
    Bye,
    ConnectionClosed,
    Hello,
    HelpRequest,
    NickChange,
    Ping,
    Pong,
    ProtocolSession,
    ProtocolViolation,
    Role,
    Say,
    WhoRequest,
)
from chatapp.protocol import errors as error_codes
from chatapp.protocol.framing import DEFAULT_MAX_FRAME
from chatapp.protocol.session import State

SESSIONS = load_sessions()
DOCUMENTED_EVENTS = (Hello, Auth, Say, Ping, Pong, Bye, NickChange, WhoRequest, HelpRequest,
                     ProtocolViolation, ConnectionClosed)
KNOWN_CODES = {value for name, value in vars(error_codes).items()
               if name.isupper() and isinstance(value, str)}
BUFFER_BOUND = DEFAULT_MAX_FRAME + 2  # docs/PROTOCOL.md: the limit, +2 bytes


def test_the_recorded_sessions_are_there_and_parse_cleanly():
    assert set(SESSIONS) == {"json", "resume", "password", "plain"}
    for name, data in SESSIONS.items():
        events = feed_all(ProtocolSession(Role.SERVER), [data])
        assert not [e for e in events if isinstance(e, ProtocolViolation)], name


def feed_all(session: ProtocolSession, pieces: list[bytes]) -> list:
    events = []
    for piece in pieces:
        session.receive_data(piece)
        assert session.buffered <= BUFFER_BOUND
        events.extend(session.events())
    session.receive_data(b"")
    events.extend(session.events())
    return events


def check_events(events: list) -> None:
    for event in events:
        assert isinstance(event, DOCUMENTED_EVENTS), event
        if isinstance(event, ProtocolViolation):
            assert event.code in KNOWN_CODES, event
            assert event.message and "Traceback" not in event.message
    fatal = [i for i, e in enumerate(events) if isinstance(e, ProtocolViolation) and e.fatal]
    if fatal:  # nothing after the verdict
        assert fatal[0] == len(events) - 1, events[fatal[0]:][:5]
    else:
        assert isinstance(events[-1], ConnectionClosed)


def test_sans_io_mutants_give_only_documented_events():
    seed = fuzz_seed()
    count = fuzz_iterations(1000)
    for index in range(count):
        seed_n = mutant_seed(seed, index)
        name, data = mutant(SESSIONS, seed_n)
        try:
            session = ProtocolSession(Role.SERVER)
            events = feed_all(session, chunks(data, seed_n))
            check_events(events)
            if events and isinstance(events[-1], ProtocolViolation):
                assert session.state is State.CLOSED
            # However it is cut, the stream means the same thing.
            assert feed_all(ProtocolSession(Role.SERVER), [data]) == events
        except Exception as exc:
            raise AssertionError(
                f"mutant #{index} of {name!r} failed: CHATAPP_FUZZ_SEED={seed} "
                f"(mutant_seed={seed_n}); first bytes {data[:300]!r}"
            ) from exc


# --- live --------------------------------------------------------------------------

LIVE_MUTANTS = 48
AT_ONCE = 12  # mutant connections open together
HOLD_S = 0.3  # each mutant connection stays open this long after its last byte
HEALTHY_MESSAGES = 15
HEALTHY_INTERVAL_MS = 200
MAX_P99_S = 1.0


class MutantDriver:
    """Plays mutants on non-blocking sockets, AT_ONCE at a time, each from its own
    loopback source address when the machine has them (the per-address limit)."""

    def __init__(self, port: int, seed: int, count: int) -> None:
        self.port, self.seed, self.count = port, seed, count
        self.next_index = 0
        self.open: list[dict] = []
        self.done = 0
        self.sources = self._sources()

    @staticmethod
    def _sources() -> list[str]:
        from storm_support import loopback_sources_work

        return [f"127.0.0.{n}" for n in range(2, 42)] if loopback_sources_work() else ["127.0.0.1"]

    def step(self) -> None:
        while len(self.open) < AT_ONCE and self.next_index < self.count:
            index = self.next_index
            self.next_index += 1
            seed_n = mutant_seed(self.seed, index)
            _, data = mutant(SESSIONS, seed_n)
            sock = socket.socket()
            sock.bind((self.sources[index % len(self.sources)], 0))
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", self.port))
            self.open.append({"sock": sock, "pieces": chunks(data, seed_n), "until": None})
        now = time.monotonic()
        for conn in list(self.open):
            sock = conn["sock"]
            try:
                while conn["pieces"]:
                    piece = conn["pieces"][0]
                    sent = sock.send(piece)
                    if sent < len(piece):
                        conn["pieces"][0] = piece[sent:]
                        break
                    conn["pieces"].pop(0)
                while sock.recv(65536):
                    pass
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:  # refused, reset, closed by the server: its verdict
                conn["pieces"] = []
                conn["until"] = now
            if not conn["pieces"] and conn["until"] is None:
                conn["until"] = now + HOLD_S
            if conn["until"] is not None and now >= conn["until"]:
                sock.close()
                self.open.remove(conn)
                self.done += 1

    @property
    def finished(self) -> bool:
        return self.done >= self.count

    def close(self) -> None:
        for conn in self.open:
            conn["sock"].close()


def test_live_server_survives_mutants_while_healthy_clients_chat(
    qtbot, make_server, make_client
):
    from PySide6.QtCore import QTimer

    seed = fuzz_seed()
    count = max(LIVE_MUTANTS, fuzz_iterations(0) // 20)  # ITERATIONS=20000 by hand: 1000 live
    server = make_server()
    errors: list[str] = []
    server.error_occurred.connect(errors.append)
    sender = make_client(server, "healthy1")
    receiver = make_client(server, "healthy2")
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    acked: set[str] = set()
    texts: dict[str, str] = {}

    def on_chat(chat) -> None:
        if chat.sender == "healthy1" and chat.text in texts:
            latencies.append(time.monotonic() - sent_at[texts[chat.text]])

    receiver.chat_received.connect(on_chat)
    sender.message_acked.connect(lambda message_id, _seq: acked.add(message_id))
    numbers = iter(range(HEALTHY_MESSAGES))

    def send_next() -> None:
        n = next(numbers, None)
        if n is None:
            return
        text = f"healthy #{n}"
        message_id = sender.send_text(text)
        sent_at[message_id], texts[text] = time.monotonic(), message_id

    driver = MutantDriver(server.port, seed, count)
    biggest_buffer = [0]

    def tick() -> None:
        driver.step()
        for peer in server.peers:
            biggest_buffer[0] = max(biggest_buffer[0], peer.connection.session.buffered)

    chat_timer = QTimer(interval=HEALTHY_INTERVAL_MS)
    chat_timer.timeout.connect(send_next)
    drive_timer = QTimer(interval=2)
    drive_timer.timeout.connect(tick)
    try:
        chat_timer.start()
        drive_timer.start()
        qtbot.waitUntil(
            lambda: driver.finished and len(latencies) == HEALTHY_MESSAGES
            and acked >= set(sent_at),
            timeout=60_000,
        )
    except qtbot.TimeoutError:
        pass
    finally:
        chat_timer.stop()
        drive_timer.stop()
        driver.close()
    context = f"CHATAPP_FUZZ_SEED={seed}, {driver.done}/{count} mutants played"
    assert driver.finished, context
    assert errors == [], context
    assert server.is_listening, context
    assert sender.state.value == receiver.state.value == "online", context
    assert len(sent_at) == HEALTHY_MESSAGES and acked >= set(sent_at), context
    assert len(latencies) == HEALTHY_MESSAGES, context
    p99 = sorted(latencies)[int(0.99 * (len(latencies) - 1))]
    assert p99 < MAX_P99_S, (p99, context)
    assert biggest_buffer[0] <= BUFFER_BOUND, context
    # The mutants' connections all end; only the healthy two stay.
    qtbot.waitUntil(lambda: len(server.peers) == 2, timeout=15_000)
