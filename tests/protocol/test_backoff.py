import random

from chatapp.protocol.backoff import Backoff


def test_delays_grow_exponentially_with_jitter_up_to_the_cap():
    backoff = Backoff(first=0.5, cap=30, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(12)]
    ceilings = [min(30, 0.5 * 2**n) for n in range(12)]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert max(delays) <= 30 and delays[-1] >= 15


def test_jitter_spreads_clients_apart():
    first_waits = {round(Backoff(rng=random.Random(seed)).next_delay(), 3) for seed in range(20)}
    assert len(first_waits) > 10


def test_reset_starts_again_from_the_shortest_delay():
    backoff = Backoff(rng=random.Random(1))
    for _ in range(5):
        backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay() <= 0.5
