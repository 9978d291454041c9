"""Constants and helpers shared by the UI tests (a unique module name: test folders
have no __init__.py)."""

from PySide6.QtCore import Qt
from shared_support import LOOPBACK, WAIT_MS

__all__ = ["KERNEL_WAIT_MS", "LOOPBACK", "WAIT_MS", "type_and_enter"]

# The kernel is polled twice a second; a close shows up within a few polls.
KERNEL_WAIT_MS = 8000


def type_and_enter(qtbot, window, text):
    """Type into a window's message box the way a person does, then press Enter."""
    edit = window.message_input.edit
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
