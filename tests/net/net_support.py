"""Constants shared by the net tests (a unique module name: test folders have no __init__.py)."""

LOOPBACK = "127.0.0.1"
WAIT_MS = 5000
