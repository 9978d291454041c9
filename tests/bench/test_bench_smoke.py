"""The benchmark tool works: a seconds-long `benchmarks/run.py --quick` run.

This checks that every scenario runs against the real programs and that the
table comes out; it says nothing about speed (see docs/BENCHMARKS.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(180)
def test_quick_run_prints_the_table_and_writes_json(tmp_path):
    output = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(output),
         "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=170, cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    for row in ("fan-out latency p99", "highest sustained msg/s", "memory per idle connection",
                "server window stall p99", "client window: append", "start-up to first window"):
        assert row in run.stdout, row
    results = json.loads(output.read_text())
    assert results["quick"] is True
    fanout = results["fanout"]["summary"]
    for kind in ("chatapp", "qt_relay", "asyncio_relay"):
        assert fanout[kind]["delivered_fraction"] == 1.0, kind
        assert fanout[kind]["p99_ms"] is not None
    assert results["saturation"]["summary"]["chatapp"]["highest_sustained_rate"]
    scale = results["scale"]["chatapp"]
    assert scale["alive_after_hold"] == scale["connections"]
    assert scale["pongs_received"] > 0
    assert results["gui"]["client_window"]["shown"] == results["gui"]["client_window"]["messages"]
    assert results["startup"]["client"]["median_s"] > 0
