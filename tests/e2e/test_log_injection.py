"""The headless server's log cannot be forged by what peers send: one record
is one line, and a line break or control in a chat, nick or reason shows as an
escape. First the formatter alone, then a real server process."""

from __future__ import annotations

import io
import json
import logging
import re
import socket
import sys
import time

import pytest
from process_support import LOOPBACK

from chatapp.app.log_format import OneLineFormatter, escape_for_log

WAIT_S = 10
FORGED = "2026-12-03 20:00:00,000 INFO alice left (quit)"
# Everything a log viewer, `str.splitlines` or a terminal may take as the end
# of a line or as an instruction.
BREAKERS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
            "\u2029", "\x1b[2K\r", "\u202e", "\x00"]
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) ")


@pytest.mark.parametrize("breaker", BREAKERS)
def test_a_record_with_any_line_breaker_stays_one_line(breaker: str) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("chatapp.test_log_injection")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("#%d %s: %s", 7, "alice", f"hi{breaker}{FORGED}")
        logger.warning(f"formatted before logging{breaker}{FORGED}")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert written.endswith("\n")
    lines = written[:-1].split("\n")
    assert len(lines) == 2
    for line in lines:
        assert line.splitlines() == [line]  # no separator of any kind inside
        assert line.isprintable()
        assert line.startswith("WARNING ") and line.endswith(FORGED)


def test_an_exception_is_one_record_too() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineFormatter("%(levelname)s %(message)s"))
    record = logging.LogRecord("chatapp", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise ValueError(f"bad\n{FORGED}")
    except ValueError:
        record.exc_info = sys.exc_info()
    handler.emit(record)
    written = stream.getvalue()
    assert written.count("\n") == 1
    assert "failed\\nTraceback" in written and f"bad\\n{FORGED}" in written


def test_escapes_are_readable() -> None:
    assert escape_for_log("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert escape_for_log("\x1b[31m") == "\\x1b[31m"
    assert escape_for_log("x\u2028y\x85z") == "x\\u2028y\\x85z"
    assert escape_for_log("naïve 张三 🙂 C:\\data") == "naïve 张三 🙂 C:\\data"


class JsonPeer:
    """A hand-made JSON peer over a blocking socket."""

    def __init__(self, port: int, nick: str) -> None:
        self.sock = socket.create_connection((LOOPBACK, port), timeout=WAIT_S)
        self.buffer = b""
        self.send({"type": "hello", "v": 1, "nick": nick})
        self.nick = self.wait_for("welcome")["nick"]

    def send(self, frame: dict) -> None:
        self.sock.sendall(json.dumps(frame).encode() + b"\n")

    def wait_for(self, kind: str) -> dict:
        while True:
            line, newline, rest = self.buffer.partition(b"\n")
            if newline:
                self.buffer = rest
                frame = json.loads(line)
                if frame["type"] == kind:
                    return frame
                continue
            chunk = self.sock.recv(65536)
            assert chunk, f"closed before {kind}"
            self.buffer += chunk


def _wait_for_output(server_process, fragment: bytes) -> bytes:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        output = b"".join(server_process.output)
        if fragment in output:
            return output
        time.sleep(0.05)  # a process's pipe: nothing to wait on but the clock
    raise AssertionError(f"{fragment!r} never logged: {b''.join(server_process.output)!r}")


def test_a_headless_servers_log_cannot_be_forged_by_peers(server_process) -> None:
    alice = JsonPeer(server_process.port, "alice")
    for number, breaker in enumerate(BREAKERS):
        alice.send({"type": "say", "id": f"m{number}", "text": f"hi{breaker}{FORGED}"})
        alice.wait_for("ack")
    alice.send({"type": "bye", "reason": f"gone\u2028{FORGED}\u2029{FORGED}"})
    output = _wait_for_output(server_process, b"alice left (gone")
    text = output.decode("utf-8")
    # Every line is a record but the one that says where the server listens.
    records = [line for line in text.splitlines() if "chatapp server listening" not in line]
    assert records, text
    for line in records:
        assert RECORD_START.match(line), f"a line that is no record: {line!r}"
        assert line.isprintable(), line
    said = [line for line in records if ": hi" in line]
    assert len(said) == len(BREAKERS)
    assert all(line.endswith(FORGED) for line in said)  # the forgery, on the chat's own line
    assert not any(line.startswith(FORGED) for line in records)  # no record of its own
    assert f"alice: hi\\n{FORGED}" in text  # shown, escaped, where it was said
    assert "alice left (gone\\u2028" + FORGED + "\\u2029" + FORGED in text
