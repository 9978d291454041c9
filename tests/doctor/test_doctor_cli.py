"""chatapp-doctor as a user runs it: a child process, one line per finding,
the most important first, exit codes 0/1/2, no tracebacks, bounded in time.
Loopback only here; the cross-host verdicts are in tests/lan."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import psutil
import pytest
from shared_support import LOOPBACK, child_env

DOCTOR = [sys.executable, "-c",
          "import sys; from chatapp.app.cli import doctor_main; sys.exit(doctor_main())"]
BUDGET_S = 15  # Python and Qt start, a 1 s reach timeout, 2 s of discovery


def doctor(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([*DOCTOR, *args, "--no-discovery"], capture_output=True, text=True,
                          env=child_env(), timeout=60)
    return done, time.monotonic() - started


def problem_lines(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.startswith("PROBLEM")]


def free_port() -> int:
    with socket.create_server((LOOPBACK, 0)) as probe:
        return probe.getsockname()[1]


def test_a_refused_port_exits_1_with_the_problem_first():
    port = free_port()
    done, seconds = doctor(LOOPBACK, "--port", str(port), "--timeout", "1")
    lines = done.stdout.splitlines()
    assert done.returncode == 1, done.stderr
    assert lines[0].endswith(f"connectivity doctor: server {LOOPBACK} port {port}")
    assert lines[1].startswith(f"PROBLEM  Nothing listens on port {port} at {LOOPBACK}: is the "
                               "server running, and on this port?")
    assert done.stderr == "" and seconds < BUDGET_S


def test_the_server_side_names_the_program_on_the_port():
    with socket.create_server(("0.0.0.0", 0)) as listener:
        port = listener.getsockname()[1]
        done, seconds = doctor("--server", "--port", str(port))
    me = psutil.Process(os.getpid()).name()
    assert done.returncode == 1
    # Among the problems (a machine with loopback alone, as in CI, also has "no network").
    assert any(line.startswith(
        f"PROBLEM  Port {port} is already used by {me} (pid {os.getpid()}). Close that program "
        "or start the server on another port with --port.") for line in problem_lines(done))
    assert seconds < BUDGET_S


def test_a_free_port_on_the_server_side_exits_0():
    port = free_port()
    done, _seconds = doctor("--server", "--port", str(port))
    problems = problem_lines(done)
    # The only problem a free port may leave: a machine with no network (loopback alone, as
    # in CI's private namespace), which is a server's problem too.
    assert all("no Wi-Fi or wired network" in line for line in problems), done.stdout
    assert done.returncode == (1 if problems else 0), done.stdout
    assert f"ok       Port {port} is free on this machine" in done.stdout


@pytest.mark.parametrize("args", [
    ["--port", "70000"], ["--port", "x"], ["--timeout", "0"], ["--timeout", "nan"],
    ["--timeout", "1e9"], ["--bogus"], ["a", "b"], ["--port", "0"], ["--lang", "xx"],
    ["--discovery-interfaces", ","], ["--beacon-port", "0"],
])
def test_bad_arguments_exit_2_with_a_sentence(args):
    done, _seconds = doctor(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


def test_help_lists_the_options():
    done = subprocess.run([*DOCTOR, "--help"], capture_output=True, text=True, env=child_env(),
                          timeout=60)
    assert done.returncode == 0
    for option in ("HOST", "--port", "--server", "--timeout", "--lang", "--no-discovery",
                   "--discovery-interfaces", "--beacon-port"):
        assert option in done.stdout


def test_a_background_task_failing_after_the_run_prints_no_traceback():
    # What zeroconf's tasks do when discovery stops before mDNS has started
    # (NotRunningException): reported by the loop once the task is collected.
    code = """
import asyncio, gc, sys
from chatapp.app.cli import doctor_main
rc = doctor_main(["--server", "--port", sys.argv[1], "--no-discovery"])
loop = asyncio.get_event_loop()
async def fails():
    raise RuntimeError("zeroconf is not running")
task = loop.create_task(fails())
loop.run_until_complete(asyncio.sleep(0.05))
del task
gc.collect()
print("exit", rc)
"""
    done = subprocess.run([sys.executable, "-c", code, str(free_port())], capture_output=True,
                          text=True, env=child_env(), timeout=60)
    assert "exit 0" in done.stdout or "exit 1" in done.stdout, done.stdout + done.stderr
    assert done.stderr == ""
