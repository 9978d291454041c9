"""The password gate, sans-IO (issue 14, item 2): verdicts one at a time per
address, spaced by its back-off, right or wrong alike; no overflow; one nonce
takes one answer; bounded memory."""

import math

import pytest

from chatapp.protocol.auth import (
    FIRST_FAILURE_DELAY,
    MAX_FAILURE_DELAY,
    OneTimeChallenge,
    PasswordGate,
    answer_challenge,
    failure_delay,
)


def test_the_back_off_doubles_up_to_its_cap():
    delays = [failure_delay(n) for n in range(10)]
    first = FIRST_FAILURE_DELAY
    assert delays[:4] == [0.0, first, 2 * first, 4 * first]
    assert delays[-1] == MAX_FAILURE_DELAY


@pytest.mark.parametrize("failures", [1023, 1024, 1025, 5000, 10**9])
def test_a_long_failure_history_never_overflows(failures):
    assert failure_delay(failures) == MAX_FAILURE_DELAY
    assert math.isfinite(failure_delay(failures, first=1.0, cap=math.inf))  # uncapped too


def test_five_thousand_failures_in_a_row_stay_spaced_by_the_cap():
    gate = PasswordGate()
    now = 1000.0
    verdicts = []
    for _ in range(5000):
        verdict = gate.attempt("198.18.0.66", correct=False, now=now)
        verdicts.append(verdict)
        now = verdict  # the attacker retries the moment it hears
    assert gate.failures("198.18.0.66") == 5000
    assert verdicts[-1] - verdicts[-2] == MAX_FAILURE_DELAY


def test_parallel_attempts_from_one_address_are_answered_one_at_a_time():
    gate = PasswordGate(first=0.5, cap=30)
    # 32 connections send their guess in the same instant.
    verdicts = [gate.attempt("198.18.0.7", correct=False, now=0.0) for _ in range(32)]
    gaps = [b - a for a, b in zip(verdicts, verdicts[1:], strict=False)]
    assert gaps == [gate.delay_after(n) for n in range(1, 32)]
    assert verdicts[-1] > 25 * 30  # not 32 times faster than one connection


def test_a_verdicts_time_does_not_depend_on_whether_the_guess_is_right():
    histories = []
    for correct in (False, True):
        gate = PasswordGate()
        for _ in range(3):
            gate.attempt("198.18.0.8", correct=False, now=0.0)
        histories.append(gate.attempt("198.18.0.8", correct=correct, now=0.1))
    assert histories[0] == histories[1] > 0.1


def test_a_right_guess_waits_its_turn_and_then_clears_the_record():
    gate = PasswordGate(first=1, cap=8)
    wrong = gate.attempt("198.18.0.9", correct=False, now=0.0)
    right = gate.attempt("198.18.0.9", correct=True, now=0.0)
    assert right == wrong + 1  # queued behind the wrong one, like any guess
    assert gate.failures("198.18.0.9") == 0
    assert gate.attempt("198.18.0.9", correct=False, now=right) == right


def test_addresses_are_independent():
    gate = PasswordGate()
    for _ in range(10):
        gate.attempt("198.18.0.1", correct=False, now=0.0)
    assert gate.attempt("198.18.0.2", correct=False, now=0.0) == 0.0


def test_the_memory_of_failures_is_bounded():
    gate = PasswordGate(max_addresses=1000)
    for i in range(100_000):
        gate.attempt(f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", correct=False, now=0.0)
    assert len(gate) == 1000


def test_old_records_are_forgotten():
    gate = PasswordGate(forget_after=3600)
    for i in range(50):
        gate.attempt(f"198.18.0.{i}", correct=False, now=0.0)
    gate.attempt("198.18.1.1", correct=False, now=3600 + FIRST_FAILURE_DELAY + 1)
    assert len(gate) == 1


def test_one_nonce_takes_exactly_one_answer():
    challenge = OneTimeChallenge()
    assert not challenge.check("s3cret", answer_challenge("guess", challenge.nonce))
    assert challenge.answered
    # The right answer, second: too late, the nonce is spent.
    assert not challenge.check("s3cret", answer_challenge("s3cret", challenge.nonce))
    fresh = OneTimeChallenge()
    assert fresh.check("s3cret", answer_challenge("s3cret", fresh.nonce))
    assert fresh.nonce != challenge.nonce
