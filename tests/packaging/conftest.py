"""Packaging tests: resources, icons, wheel contents. Qt runs without a display."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
