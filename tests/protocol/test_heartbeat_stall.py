"""Our own stalled loop is not the peer's silence (issue 14, item 7), fake clock."""

from chatapp.protocol.heartbeat import STALL_S, Heartbeat, Liveness, LivenessChanged, SendPing


def test_a_timer_that_fires_20_s_late_forgives_instead_of_declaring_the_peer_dead():
    heartbeat = Heartbeat(interval=5, timeout=15, now=0)
    heartbeat.heard(4)
    # The loop froze from t=4 to t=24 (a disk stall): the ping due at 5 fires at 24.
    actions = heartbeat.handle_timer(24)
    assert actions == [SendPing(24)]
    assert heartbeat.liveness is Liveness.ALIVE
    assert heartbeat.stalls_forgiven == 1
    # The silence clock restarted at 24: the peer has a whole timeout from there.
    assert heartbeat.next_deadline() == 29
    assert heartbeat.handle_timer(29) == [SendPing(29)]
    assert heartbeat.handle_timer(34) == [SendPing(34), LivenessChanged(
        Liveness.LATE, "nothing heard for 10 s")]


def test_a_plain_peer_s_idle_timeout_is_forgiven_too():
    heartbeat = Heartbeat(interval=None, timeout=600, now=0)
    assert heartbeat.handle_timer(600 + STALL_S + 5) == []
    assert heartbeat.liveness is Liveness.ALIVE
    assert heartbeat.next_deadline() == 600 + STALL_S + 5 + 600


def test_a_timer_a_little_late_is_not_a_stall_and_a_silent_peer_still_dies():
    heartbeat = Heartbeat(interval=5, timeout=15, now=0)
    for t in (5.05, 10.05):  # deadlines are rounded up by at most 50 ms
        heartbeat.handle_timer(t)
    assert heartbeat.liveness is Liveness.LATE
    assert heartbeat.handle_timer(15.05) == [LivenessChanged(Liveness.DEAD, "no response for 15 s")]
    assert heartbeat.stalls_forgiven == 0
