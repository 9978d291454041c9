"""Issue 17's "done when", by hand: two test hosts (network namespaces on a
bridge, 198.18.x.0/24, removed afterwards), a headless server in one, and in
the other `chatapp-client --headless --discover --say` and then
`chatapp-doctor` with the chat port dropped by an nftables rule.

    sudo python tools/two_host_check.py        # needs root, `ip` and `nft`

Nothing leaves the machine: the hosts see only each other.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from lan_hosts import Lan  # noqa: E402
from shared_support import child_env, server_command  # noqa: E402

PORT = 2000
CLIENT = [sys.executable, "-c",
          "import sys; from chatapp.app.cli import client_main; sys.exit(client_main())"]
DOCTOR = [sys.executable, "-c",
          "import sys; from chatapp.app.cli import doctor_main; sys.exit(doctor_main())"]


def main() -> int:
    env = child_env()
    with Lan(hosts=2) as lan, tempfile.TemporaryDirectory() as data:
        server, client = lan.hosts
        process = server.popen([*server_command(), "--headless", "--port", str(PORT),
                                "--name", "Room 204", "--data-dir", data,
                                "--discovery-interfaces", server.interface], env=env)
        print("server:", process.stdout.readline().strip())
        started = time.monotonic()
        done = client.run([*CLIENT, "--headless", "--discover", "--discovery-interfaces",
                           client.interface, "--nick", "bob", "--say", "hello from the other host"],
                          env=env)
        print(f"client --discover --say: exit {done.returncode} in "
              f"{time.monotonic() - started:.2f} s")
        print(done.stderr.strip())
        print(done.stdout.strip())
        server.drop_tcp_port(PORT)
        started = time.monotonic()
        done = client.run([*DOCTOR, server.address, "--port", str(PORT),
                           "--discovery-interfaces", client.interface], env=env)
        print(f"doctor with port {PORT} dropped: exit {done.returncode} in "
              f"{time.monotonic() - started:.2f} s")
        print("\n".join(done.stdout.splitlines()[:2]))
        process.terminate()
        process.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
