"""Lab 1 between two machines: the receiver listens on one test host, the sender
connects from the other, and the framing recovers the burst across the bridge."""

from __future__ import annotations

import json
import sys

from lan_hosts import Lan, lan_or_skip
from shared_support import child_env

RECEIVE = """
import json, sys
from chatapp.lab.burst import BurstPlan, BurstRun
from chatapp.lab.framing import decode_reads, make_framer
plan = BurstPlan(count=40, size=20, read_when_all_arrived=True, framing="length")
run = BurstRun(plan, role="receive", listen=("0.0.0.0", int(sys.argv[1])))
print(run.start() or "listening", flush=True)
run.wait(20)
decoded = decode_reads(make_framer("length", 20), [r.data for r in run.result.reads])
print(json.dumps({"reads": len(run.result.reads), "messages": len(decoded.frames),
                  "error": run.result.error or decoded.error}), flush=True)
"""
SEND = """
import sys
from chatapp.lab.burst import BurstPlan, BurstRun
plan = BurstPlan(count=40, size=20, read_when_all_arrived=True, framing="length")
run = BurstRun(plan, role="send", target=(sys.argv[1], int(sys.argv[2])))
run.start()
run.wait(20)
print(run.result.error or run.result.sent)
"""
PORT = "2001"


def test_a_burst_sent_from_one_host_is_recovered_on_the_other():
    lan_or_skip()
    with Lan(hosts=2) as lan:
        receiver_host, sender_host = lan.hosts
        receiver = receiver_host.popen([sys.executable, "-c", RECEIVE, PORT], env=child_env())
        try:
            assert receiver.stdout.readline().strip() == "listening"
            sent = sender_host.run([sys.executable, "-c", SEND, receiver_host.address, PORT],
                                   env=child_env())
            assert sent.stdout.strip() == "40", sent.stderr
            outcome = json.loads(receiver.stdout.readline())
        finally:
            receiver.kill()
            receiver.wait(timeout=5)
        assert outcome == {"reads": outcome["reads"], "messages": 40, "error": None}
        assert outcome["reads"] < 40  # the late reader found them merged
