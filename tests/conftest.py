"""Shared test setup: Qt without a display, traffic on loopback only."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LOOPBACK = "127.0.0.1"
