"""Tools run bounded: missing, too slow, refusing, failing, or read."""

from __future__ import annotations

import sys
import time

import pytest

from chatapp.doctor.commands import (
    DENIED,
    FAILED,
    MISSING,
    RAN,
    TIMED_OUT,
    TookTooLongError,
    call_bounded,
    run_bounded,
)


def test_a_missing_tool():
    assert run_bounded(["chatapp-no-such-tool-here"]).status == MISSING


def test_a_slow_tool_is_cut_off_in_time():
    result = run_bounded([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert result.status == TIMED_OUT and result.seconds < 5


def test_a_tool_that_wants_root_is_told_from_one_that_fails():
    denied = run_bounded([sys.executable, "-c",
                          "import sys; sys.exit('ERROR: You need to be root to run this script')"])
    failed = run_bounded([sys.executable, "-c", "import sys; sys.exit('unknown option')"])
    assert denied.status == DENIED and failed.status == FAILED
    assert "unknown option" in failed.output


def test_output_is_text_whatever_the_bytes():
    result = run_bounded([sys.executable, "-c",
                          "import sys; sys.stdout.buffer.write(b'ok \\xff\\xfe')"])
    assert result.status == RAN and result.output.startswith("ok ")


def test_call_bounded_returns_raises_or_gives_up():
    assert call_bounded(lambda: 42, 1) == 42
    with pytest.raises(ZeroDivisionError):
        call_bounded(lambda: 1 / 0, 1)
    started = time.monotonic()
    with pytest.raises(TookTooLongError):
        call_bounded(lambda: time.sleep(5), 0.2)
    assert time.monotonic() - started < 2
