"""Heartbeat deadlines with a fake clock: no sockets, no waiting."""

import pytest

from chatapp.protocol.heartbeat import Heartbeat, Liveness, LivenessChanged, SendPing


def run_until(heartbeat: Heartbeat, end: float) -> list[tuple[float, object]]:
    """Wake the heartbeat at each deadline it asks for, up to `end`."""
    log = []
    while (deadline := heartbeat.next_deadline()) is not None and deadline <= end:
        log += [(deadline, action) for action in heartbeat.handle_timer(deadline)]
    return log


def test_silent_peer_is_pinged_then_late_then_dead():
    heartbeat = Heartbeat(interval=5, timeout=15, now=0)
    log = run_until(heartbeat, 100)
    pings = [t for t, action in log if isinstance(action, SendPing)]
    changes = [(t, action.liveness) for t, action in log if isinstance(action, LivenessChanged)]
    assert pings == [5, 10]
    assert changes == [(10, Liveness.LATE), (15, Liveness.DEAD)]
    assert heartbeat.next_deadline() is None


def test_traffic_keeps_the_peer_alive_and_brings_it_back_from_late():
    heartbeat = Heartbeat(interval=5, timeout=15, now=0)
    run_until(heartbeat, 10)
    assert heartbeat.liveness is Liveness.LATE
    assert heartbeat.heard(11) == LivenessChanged(Liveness.ALIVE)
    assert heartbeat.heard(12) is None
    assert run_until(heartbeat, 21) == [(15, SendPing(15)), (20, SendPing(20))]
    assert heartbeat.liveness is Liveness.ALIVE


def test_pong_measures_round_trip_time():
    heartbeat = Heartbeat(interval=5, timeout=15, now=0)
    assert heartbeat.pong(t=5.0, now=5.25) == pytest.approx(0.25)
    assert heartbeat.rtt == pytest.approx(0.25)


def test_without_interval_only_the_idle_timeout_applies():
    heartbeat = Heartbeat(interval=None, timeout=600, now=0)
    log = run_until(heartbeat, 1000)
    assert log == [(600, LivenessChanged(Liveness.DEAD, "no response for 600 s"))]


def test_rejects_nonsense_settings():
    with pytest.raises(ValueError):
        Heartbeat(interval=0, timeout=15, now=0)
    with pytest.raises(ValueError):
        Heartbeat(interval=5, timeout=15, now=0, first_ping_in=6)


def test_first_ping_may_come_early_and_later_ones_keep_its_phase():
    heartbeat = Heartbeat(interval=5, timeout=60, now=0, first_ping_in=1.5)
    pings = [t for t, action in run_until(heartbeat, 17) if isinstance(action, SendPing)]
    assert pings == [1.5, 6.5, 11.5, 16.5]
