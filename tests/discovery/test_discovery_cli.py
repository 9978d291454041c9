"""The discovery flags, and the headless server announcing (or not) on loopback,
found by a finder in this process."""

from __future__ import annotations

import subprocess
import time

import pytest
from shared_support import LOOPBACK, WAIT_MS, child_env, server_command
from test_finder import free_udp_port

from chatapp.app.options import client_parser, server_parser
from chatapp.net.discovery import ServerFinder


def test_the_flags_parse_and_bad_ones_are_refused(capsys):
    args = server_parser().parse_args(
        ["--discovery-interfaces", "lo, eth0,lo", "--beacon-port", "2101", "--name", "Lab 3"])
    assert (args.discovery_interfaces, args.beacon_port, args.name) == (["lo", "eth0"], 2101,
                                                                        "Lab 3")
    assert not args.no_discovery and server_parser().parse_args(["--no-discovery"]).no_discovery
    client = client_parser().parse_args(["--discover", "--server", "Lab 3"])
    assert (client.discover, client.server, client.discover_timeout) == (True, "Lab 3", 3.0)
    for bad in (["--discovery-interfaces", ""], ["--discovery-interfaces", "a,,b"],
                ["--discovery-interfaces", "x" * 65], ["--beacon-port", "0"],
                ["--beacon-port", "70000"]):
        with pytest.raises(SystemExit):
            server_parser().parse_args(bad)
    assert "interface names" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        client_parser().parse_args(["--discover-timeout", "0"])


def start(tmp_path, *flags: str) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen(
        [*server_command(), "--headless", "--host", LOOPBACK, "--port", "0",
         "--data-dir", str(tmp_path), *flags],
        env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = []
    for line in process.stdout:
        lines.append(line)
        if "listening on" in line:
            break
    return process, lines


def test_a_loopback_server_says_it_is_not_announced(tmp_path):
    process, lines = start(tmp_path)
    try:
        line = process.stdout.readline()
        assert "Not announced" in line and "only this machine can reach" in line
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_no_discovery_announces_nothing(tmp_path):
    process, _ = start(tmp_path, "--no-discovery")
    process.terminate()
    out, _ = process.communicate(timeout=10)
    assert process.returncode == 0 and "nnounced" not in out


def test_the_headless_server_is_found_and_gone_on_loopback(qtbot, qt_asyncio, tmp_path):
    udp_port = free_udp_port()
    finder = ServerFinder(["lo"], udp_port)
    found = []
    finder.server_found.connect(found.append)
    finder.start()
    started = time.monotonic()
    process, lines = start(tmp_path, "--discovery-interfaces", "lo", "--beacon-port",
                           str(udp_port), "--name", "headless room")
    try:
        port = int(lines[-1].rsplit(":", 1)[1])
        qtbot.waitUntil(lambda: any(f.advert.port == port for f in found), timeout=WAIT_MS)
        print(f"found {time.monotonic() - started:.2f} s after the start")
        mine = next(f for f in found if f.advert.port == port)
        assert mine.advert.name == "headless room" and mine.host == LOOPBACK
        with qtbot.waitSignal(finder.server_gone, timeout=WAIT_MS,
                              check_params_cb=lambda i: i == mine.advert.server_id):
            process.terminate()
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
        finder.stop()
