"""The command line as a user or a script meets it: impossible values are
refused with a sentence, and `chatapp-client --headless` chats in a terminal."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from process_support import LOOPBACK

CLIENT = "import sys; from chatapp.app.cli import client_main; sys.exit(client_main())"
SERVER = "import sys; from chatapp.app.cli import server_main; sys.exit(server_main())"
DEMO = "from chatapp.app.windows_main import demo_parser; demo_parser().parse_args(sys.argv[1:])"


def run(code: str, *args: str, stdin: str = "", timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args], input=stdin.encode(), capture_output=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--port", "70000"], "70000 is not a port"),
        (["--port", "-5"], "-5 is not a port"),
        (["--port", "two"], "'two' is not a number"),
        (["--max-clients", "-1"], "the least is 1"),
        (["--max-per-address", "0"], "the least is 1"),
        (["--flood-rate", "nan"], "not a finite number"),
        (["--hello-timeout", "inf"], "not a finite number"),
        (["--heartbeat-interval", "0"], "too small"),
    ],
)
def test_server_refuses_impossible_values_with_a_sentence(args, sentence):
    done = run(SERVER, "--headless", *args)
    assert done.returncode == 2
    assert sentence in done.stderr.decode()
    assert b"Traceback" not in done.stderr


def test_demo_refuses_a_port_out_of_range():
    done = run("import sys; " + DEMO, "--port", "70000")
    assert done.returncode == 2
    assert "70000 is not a port" in done.stderr.decode()


def test_say_reaches_the_room_and_exits_zero_after_the_ack(server_process, raw_peer, qtbot):
    listener = raw_peer()
    listener.type_line("hello from netcat")  # joins as a guest
    done = run(CLIENT, "--headless", "--host", LOOPBACK, "--port", str(server_process.port),
               "--nick", "builder", "--say", "build 42 finished")
    assert done.returncode == 0, done.stderr
    assert "builder: build 42 finished" in done.stdout.decode()
    assert b"Traceback" not in done.stderr
    qtbot.waitUntil(lambda: listener.saw("builder: build 42 finished"), timeout=5000)


def test_stdin_lines_and_slash_commands_reach_the_room(server_process):
    script = "first line\n/me waves\n/nick carla\n/msg nobody hi\n"
    done = run(CLIENT, "--headless", "--port", str(server_process.port), "--nick", "carol",
               stdin=script)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert "carol: first line" in out
    assert "* carol waves" in out
    assert "carol is now known as carla" in out
    assert "no user called nobody is here" in err


def test_a_refused_nick_exits_three_with_the_servers_sentence(server_process):
    done = run(CLIENT, "--headless", "--port", str(server_process.port), "--nick", "/bad",
               "--say", "x")
    assert done.returncode == 3
    assert "the server says" in done.stderr.decode()


def test_nobody_listening_exits_one_with_a_sentence():
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind((LOOPBACK, 0))
        free_port = probe.getsockname()[1]
    done = run(CLIENT, "--headless", "--port", str(free_port), "--say", "x")
    assert done.returncode == 1
    assert "refused" in done.stderr.decode()
    assert b"Traceback" not in done.stderr
