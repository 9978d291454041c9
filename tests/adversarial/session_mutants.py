"""Mutants of recorded sessions, for the fuzzer (test_fuzz_sessions.py).

Each mutant comes from one seed: `mutant(sessions, seed)` is the same bytes
every time, so a failure replays from the seed it prints. A mutant is one
recorded session with one to four mutations stacked: bit flips, byte
insertions and deletions, lines spliced in from other sessions, lines
duplicated or reordered, a huge repeat, truncation, numbers swapped for
extremes, strings swapped for unicode nasties. Chunking at random boundaries
is applied when the mutant is fed (`chunks`). Sizes are bounded (MAX_MUTANT).

Not a test module (no test_ prefix).
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable

MAX_MUTANT = 256 * 1024  # a huge repeat goes past the 64 KiB line limit, not much further
DEFAULT_SEED = 20261203


def fuzz_seed() -> int:
    """CHATAPP_FUZZ_SEED, or the fixed default (CI is reproducible; set it by hand to explore)."""
    return int(os.environ.get("CHATAPP_FUZZ_SEED", DEFAULT_SEED))


def fuzz_iterations(default: int) -> int:
    """CHATAPP_FUZZ_ITERATIONS scales the short CI run (e.g. 100000 by hand)."""
    return int(os.environ.get("CHATAPP_FUZZ_ITERATIONS", default))


EXTREME_NUMBERS = [
    b"0", b"-1", b"-0", b"1e308", b"-1e308", b"1e999", b"1e-999", b"9223372036854775808",
    b"-9223372036854775809", b"18446744073709551616", b"9" * 400, b"0.0000000001", b"1.5",
    b"NaN", b"Infinity", b"-Infinity", b"true", b"null", b"[]", b"{}", b'"1"', b"0x10",
]
UNICODE_NASTIES = [
    "", " ", "\u0000", "\\ud800", "\\udfff\\ud800", "\u202egnp.exe", "\u200b", "\ufeff",
    "alice\ufe0f", "server\u034f", "\u3164", "\u2800", "\uff41\uff4c\uff49\uff43\uff45",
    "\U0001d41a\U0001d425\U0001d422\U0001d41c\U0001d41e", "jose\u0301", "e" + "\u0301" * 500,
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\x1b[2J\x1b]0;pwned\x07", "a\nb\r\nc",
    "\\n" * 300, "/nick server", "-- alice left (quit)", "\U000e0041\U000e0042", "\ud7ff",
    "\\u0000", "\\\\", '\\"', "𝕒" * 40, "x" * 70_000,
]
NASTY_BYTES = [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x16\x03\x01",
               b"\r", b"\n", b"\r\n", b"\x00", b"{", b"}", b'"', b"\\", b"\t", b"\n\n\n"]
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_STRING = re.compile(rb'"(?:[^"\\\n]|\\.)*"')


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def bit_flip(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert_bytes(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    at = rng.randint(0, len(data))
    junk = rng.choice(NASTY_BYTES) if rng.random() < 0.5 else rng.randbytes(rng.randint(1, 16))
    return data[:at] + junk + data[at:]


def delete_bytes(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 32):]


def splice_lines(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    lines = _lines(data)
    donor = _lines(rng.choice(pool)) or [b"\n"]
    at = rng.randint(0, len(lines))
    lines[at:at] = rng.sample(donor, rng.randint(1, len(donor)))
    return b"".join(lines)


def duplicate_line(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.randint(1, 20)
    return b"".join(lines)


def reorder_lines(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    lines = _lines(data)
    if rng.random() < 0.5:
        rng.shuffle(lines)
    elif len(lines) > 1:
        i, j = rng.sample(range(len(lines)), 2)
        lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def huge_repeat(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    """A line, or a few bytes, repeated up to past the line limits."""
    lines = _lines(data)
    if lines and rng.random() < 0.5:
        line = rng.choice(lines)
        return data + line * min(5000, MAX_MUTANT // max(1, len(line)))
    at = rng.randint(0, len(data))
    piece = data[at:at + rng.randint(1, 4)] or b"x"
    count = rng.choice([8191, 8193, 65535, 65537, 100_000]) // len(piece) + 1
    return data[:at] + piece * count + data[at:]


def truncate(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    return data[: rng.randint(0, len(data))]


def extreme_number(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    found = list(_NUMBER.finditer(data))
    if not found:
        return data
    match = rng.choice(found)
    return data[: match.start()] + rng.choice(EXTREME_NUMBERS) + data[match.end():]


def nasty_string(rng: random.Random, data: bytes, _pool: list[bytes]) -> bytes:
    found = list(_STRING.finditer(data))
    if not found:  # plain text: a nasty in the middle of a line
        at = rng.randint(0, len(data))
        return data[:at] + rng.choice(UNICODE_NASTIES).encode("utf-8", "surrogatepass") + data[at:]
    match = rng.choice(found)
    nasty = rng.choice(UNICODE_NASTIES).encode("utf-8", "surrogatepass").replace(b"\n", b"\\n")
    return data[: match.start()] + b'"' + nasty + b'"' + data[match.end():]


MUTATORS: list[Callable[[random.Random, bytes, list[bytes]], bytes]] = [
    bit_flip, insert_bytes, delete_bytes, splice_lines, duplicate_line, reorder_lines,
    huge_repeat, truncate, extreme_number, nasty_string,
]


def mutant(sessions: dict[str, bytes], seed: int) -> tuple[str, bytes]:
    """(the recorded session it came from, the mutated bytes) for `seed`."""
    rng = random.Random(seed)
    names = sorted(sessions)
    name = rng.choice(names)
    pool = [sessions[n] for n in names]
    data = sessions[name]
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATORS)(rng, data, pool)[:MAX_MUTANT]
    return name, data


def chunks(data: bytes, seed: int) -> list[bytes]:
    """`data` cut at random boundaries: one byte at a time, all at once, or anything between."""
    rng = random.Random(seed ^ 0x5EED)
    style = rng.random()
    if style < 0.1:
        return [data[i:i + 1] for i in range(min(len(data), 4096))] + (
            [data[4096:]] if len(data) > 4096 else [])
    if style < 0.3:
        return [data]
    pieces, at = [], 0
    while at < len(data):
        size = rng.choice([1, 2, 3, 7, 64, 1000, 4096, 65536])
        pieces.append(data[at:at + size])
        at += size
    return pieces


def mutant_seed(base: int, index: int) -> int:
    return base * 1_000_003 + index
