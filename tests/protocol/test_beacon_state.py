"""The beacon's rules over time, with time passed in: the advert schedule, the
answer limiter (no reflector, no amplifier) and the table of heard servers."""

from __future__ import annotations

from dataclasses import replace

from chatapp.protocol.advert import ServerAdvert
from chatapp.protocol.beacon import BeaconAdvert
from chatapp.protocol.beacon_state import (
    ADVERT_PERIOD_S,
    ANSWERS_PER_S,
    MIN_ADVERT_GAP_S,
    REQUESTER_BURST,
    STARTUP_OFFSETS_S,
    AnswerLimiter,
    BeaconSchedule,
    HeardServers,
)

ADVERT = ServerAdvert("a1b2c3d4", "Room", 2000, "0.6.0", 0, False)


def sent_times(schedule: BeaconSchedule, until: float, step: float = 0.25) -> list[float]:
    times, now = [], 0.0
    while now <= until:
        if schedule.due(now):
            times.append(now)
        now += step
    return times


def test_adverts_come_often_after_start_then_rarely():
    schedule = BeaconSchedule(0.0)
    expected = [*STARTUP_OFFSETS_S, STARTUP_OFFSETS_S[-1] + ADVERT_PERIOD_S,
                STARTUP_OFFSETS_S[-1] + 2 * ADVERT_PERIOD_S]
    assert sent_times(schedule, 65.0) == expected


def test_a_change_is_advertised_soon_but_not_more_than_once_a_gap():
    schedule = BeaconSchedule(0.0)
    sent_times(schedule, 10.0)  # past the start-up burst, last sent at 4 s
    schedule.changed(10.0)
    assert schedule.next_deadline() == 10.0
    assert schedule.due(10.0)
    schedule.changed(10.1)
    schedule.changed(10.2)
    assert schedule.next_deadline() == 10.0 + MIN_ADVERT_GAP_S
    assert not schedule.due(10.5)


def test_an_answer_larger_than_the_find_is_never_sent():
    limiter = AnswerLimiter(0.0)
    assert not limiter.allow("198.18.0.9", 0.0, request_size=40, answer_size=300)
    assert limiter.allow("198.18.0.9", 0.0, request_size=640, answer_size=300)


def test_one_requester_gets_its_burst_then_one_answer_a_second():
    limiter = AnswerLimiter(0.0)
    answered = [limiter.allow("198.18.0.9", 0.0, 640, 300) for _ in range(10)]
    assert answered.count(True) == REQUESTER_BURST
    assert limiter.allow("198.18.0.9", 1.0, 640, 300)
    assert not limiter.allow("198.18.0.9", 1.0, 640, 300)


def test_forged_senders_cannot_raise_the_total_rate():
    limiter = AnswerLimiter(0.0)
    answered = 0
    for tick in range(100):  # 10 s, 100 forged addresses every 0.1 s
        now = tick / 10
        for host in range(100):
            answered += limiter.allow(f"198.18.{tick % 200}.{host}", now, 640, 300)
    assert answered <= ANSWERS_PER_S * 10 + 10  # rate over 10 s plus the burst


def test_the_requester_table_stays_bounded():
    limiter = AnswerLimiter(0.0, max_requesters=8)
    for host in range(1000):
        limiter.allow(f"10.0.{host // 256}.{host % 256}", float(host), 640, 300)
    assert len(limiter._requesters) == 8


def beacon(server_id: str = "a1b2c3d4", valid_s: int = 10) -> BeaconAdvert:
    return BeaconAdvert(replace(ADVERT, server_id=server_id), valid_s)


def test_a_server_is_heard_until_its_validity_runs_out():
    heard = HeardServers()
    found = heard.heard(beacon(), "198.18.0.1", 0.0)
    assert found.host == "198.18.0.1" and found.via == "beacon"
    assert heard.next_deadline() == 10.0
    assert heard.expire(9.9) == []
    heard.heard(beacon(), "198.18.0.1", 5.0)  # heard again: valid longer
    assert heard.expire(14.9) == []
    assert heard.expire(15.0) == ["a1b2c3d4"]
    assert heard.next_deadline() is None


def test_a_goodbye_counts_only_from_the_address_that_advertised():
    heard = HeardServers()
    heard.heard(beacon(), "198.18.0.1", 0.0)
    assert heard.goodbye("a1b2c3d4", "198.18.0.66") is None
    assert heard.goodbye("unknown", "198.18.0.1") is None
    assert heard.goodbye("a1b2c3d4", "198.18.0.1") == "a1b2c3d4"
    assert len(heard) == 0


def test_a_server_heard_on_two_networks_is_lost_when_both_are():
    heard = HeardServers()
    heard.heard(beacon(valid_s=10), "198.18.0.1", 0.0)
    heard.heard(beacon(valid_s=20), "198.19.0.1", 0.0)
    assert heard.goodbye("a1b2c3d4", "198.18.0.1") is None
    assert heard.expire(20.0) == ["a1b2c3d4"]


def test_the_table_has_a_cap_but_known_servers_still_refresh():
    heard = HeardServers(capacity=3)
    for number in range(3):
        assert heard.heard(beacon(f"{number:08x}"), "198.18.0.1", 0.0)
    assert heard.refuses("ffffffff", "198.18.0.1")
    assert heard.heard(beacon("ffffffff"), "198.18.0.1", 0.0) is None
    assert heard.heard(beacon("00000001"), "198.18.0.1", 1.0) is not None
    assert heard.expire(10.0) == ["00000000", "00000002"]
    assert heard.heard(beacon("ffffffff"), "198.18.0.1", 10.0) is not None


def test_forget_all_names_each_server_once():
    heard = HeardServers()
    heard.heard(beacon("aa"), "198.18.0.1", 0.0)
    heard.heard(beacon("aa"), "198.19.0.1", 0.0)
    heard.heard(beacon("bb"), "198.18.0.2", 0.0)
    assert heard.forget_all() == ["aa", "bb"]
    assert len(heard) == 0


def test_copies_of_one_advert_are_reported_once_a_second_but_still_refresh():
    heard = HeardServers()
    assert heard.heard(beacon(valid_s=10), "198.18.0.1", 0.0) is not None
    assert heard.heard(beacon(valid_s=10), "198.18.0.1", 0.5) is None
    assert heard.next_deadline() == 10.5  # the copy refreshed it
    assert heard.heard(beacon(valid_s=10), "198.18.0.1", 1.0) is not None


def test_a_changed_advert_is_reported_at_once():
    heard = HeardServers()
    heard.heard(beacon(), "198.18.0.1", 0.0)
    changed = BeaconAdvert(replace(ADVERT, users=5), 10)
    assert heard.heard(changed, "198.18.0.1", 0.1).advert.users == 5


def test_after_a_goodbye_the_same_advert_is_reported_again_at_once():
    heard = HeardServers()
    heard.heard(beacon(), "198.18.0.1", 0.0)
    heard.goodbye("a1b2c3d4", "198.18.0.1")
    assert heard.heard(beacon(), "198.18.0.1", 0.1) is not None
