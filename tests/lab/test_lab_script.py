"""The labs' pacing: pauses stretched by slow motion, waits that give up, actions once."""

from __future__ import annotations

import time

from shared_support import WAIT_MS

from chatapp.lab import lab_script
from chatapp.lab.lab_script import LabScript, Until


def test_actions_run_once_in_order_after_their_pauses(qtbot):
    script = LabScript()
    done: list[tuple[str, float]] = []
    start = time.monotonic()
    with qtbot.waitSignal(script.finished, timeout=WAIT_MS):
        script.play([(0.05, lambda: done.append(("a", time.monotonic() - start))),
                     (0.1, lambda: done.append(("b", time.monotonic() - start)) or False)])
    assert [name for name, _ in done] == ["a", "b"]  # False from an action is no "retry"
    assert done[1][1] >= 0.15 - 0.01


def test_slow_motion_stretches_the_pauses(qtbot):
    script = LabScript()
    script.slow_motion = 4.0
    start = time.monotonic()
    with qtbot.waitSignal(script.finished, timeout=WAIT_MS):
        script.play([(0.1, lambda: None)])
    assert time.monotonic() - start >= 0.4 - 0.01


def test_until_waits_for_its_condition_then_the_script_goes_on(qtbot):
    script = LabScript()
    ready_at = time.monotonic() + 0.2
    done: list[str] = []
    with qtbot.waitSignal(script.finished, timeout=WAIT_MS):
        script.play([(0, Until(lambda: time.monotonic() >= ready_at)),
                     (0, lambda: done.append("after"))])
    assert done == ["after"] and time.monotonic() >= ready_at


def test_a_wait_that_never_comes_true_stalls_the_script(qtbot, monkeypatch):
    monkeypatch.setattr(lab_script, "WAIT_LIMIT_S", 0.2)
    script = LabScript()
    done: list[str] = []
    with qtbot.waitSignal(script.stalled, timeout=WAIT_MS):
        script.play([(0, Until(lambda: False)), (0, lambda: done.append("never"))])
    assert done == [] and not script.running


def test_an_action_that_starts_another_script_or_cancels_is_safe(qtbot):
    script = LabScript()
    done: list[str] = []
    with qtbot.waitSignal(script.finished, timeout=WAIT_MS):
        script.play([(0, lambda: script.play([(0, lambda: done.append("second"))])),
                     (0, lambda: done.append("first script's rest"))])
    assert done == ["second"]
    script.play([(0, script.cancel), (0, lambda: done.append("cancelled"))])
    qtbot.waitUntil(lambda: not script.running, timeout=WAIT_MS)
    assert done == ["second"]
