"""ReadTurns: a few history reads in flight per address, the rest wait (no Qt)."""

import pytest

from chatapp.net.read_turns import ReadTurns


def test_one_address_gets_at_most_its_share_and_the_rest_wait_in_order():
    turns = ReadTurns(per_address=2, in_total=8)
    started: list[int] = []
    for i in range(60):
        turns.ask("198.18.0.9", i, lambda i=i: started.append(i))
    assert started == [0, 1] and turns.waiting == 58
    turns.done("198.18.0.9")
    assert started == [0, 1, 2]
    assert turns.running_for("198.18.0.9") == 2


def test_another_address_is_not_stuck_behind_a_storm():
    turns = ReadTurns(per_address=2, in_total=8)
    started: list[str] = []
    for i in range(60):
        turns.ask("198.18.0.9", ("storm", i), lambda: started.append("storm"))
    turns.ask("198.18.0.7", "alice", lambda: started.append("alice"))
    assert started == ["storm", "storm", "alice"]


def test_the_total_is_capped_across_addresses():
    turns = ReadTurns(per_address=2, in_total=3)
    started: list[str] = []
    for address in ("a", "b", "c"):
        for i in range(2):
            turns.ask(address, (address, i), lambda a=address: started.append(a))
    assert started == ["a", "a", "b"] and turns.running == 3
    turns.done("a")
    assert started[-1] == "b"


def test_a_withdrawn_read_never_starts():
    turns = ReadTurns(per_address=1, in_total=1)
    started: list[str] = []
    for key in ("first", "gone", "last"):
        turns.ask("a", key, lambda k=key: started.append(k))
    turns.withdraw("gone")
    turns.done("a")
    turns.done("a")
    assert started == ["first", "last"] and turns.running == 0


def test_done_without_a_read_is_a_bug_and_settings_are_checked():
    with pytest.raises(RuntimeError):
        ReadTurns(1, 1).done("a")
    with pytest.raises(ValueError):
        ReadTurns(3, 2)
