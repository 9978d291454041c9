"""What the headless server says as it starts."""

import subprocess
import sys

LISTENING = b"listening on"


def test_the_history_is_logged_once_at_start(tmp_path):
    command = "import sys; from chatapp.app.cli import server_main; sys.exit(server_main())"
    process = subprocess.Popen(
        [sys.executable, "-c", command, "--headless", "--host", "127.0.0.1", "--port", "0",
         "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if LISTENING in line:
                break
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert any(LISTENING in line for line in lines), lines
    told = [line for line in lines if b"chat history" in line]
    assert len(told) == 1, told
    assert str(tmp_path).encode() in told[0]
