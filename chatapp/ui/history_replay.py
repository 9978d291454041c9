"""Where "Connected as X" goes when a newcomer is sent the room's last messages.

They come right after the welcome, under an "Earlier messages" separator; the
"Connected as X" line waits below them until the newest stored message has
come, or something live happens, or HISTORY_WAIT_MS passes (the newest one may
have been private to someone else, and then it never comes).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ..protocol import Chat
from .chat_view import ChatView

HISTORY_WAIT_MS = 1500


class HistoryReplay(QObject):
    def __init__(self, chat_view: ChatView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chat_view = chat_view
        self._line = ""  # the "Connected as X" that waits, "" when none does
        self._until = 0  # the seq of the newest stored message
        self._timer = QTimer(self, singleShot=True, interval=HISTORY_WAIT_MS)
        self._timer.timeout.connect(self.end)

    def begin(self, separator: str, line: str, until: int) -> None:
        """The stored messages up to seq `until` come next: `line` waits under them."""
        self._chat_view.add_separator(separator)
        self._line, self._until = line, until
        self._timer.start()

    def end(self) -> None:
        """The replayed history is over: the waiting line goes under it."""
        self._timer.stop()
        if self._line:
            self._chat_view.add_notice(self._line)
            self._line = ""

    def before_chat(self, chat: Chat) -> None:
        if self._line and chat.seq > self._until:
            self.end()  # a live message: the history is over

    def after_chat(self, chat: Chat) -> None:
        if self._line and chat.seq >= self._until:
            self.end()  # the newest stored message: nothing older follows
