"""Where you type: Enter sends, Shift+Enter starts a new line; optionally private to one person."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .completion import candidates, word_before
from .icons import icon

VISIBLE_LINES = 3
RECALL_KEPT = 50  # sent messages Up can bring back


class MessageEdit(QPlainTextEdit):
    submitted = Signal(str)
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, so the keyboard never gets stuck here
        self.setAccessibleName(self.tr("Message"))
        self.setPlaceholderText(
            self.tr("Type a message; Enter sends, Shift+Enter adds a line, /help lists commands")
        )
        line = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom() + 4
        self.setFixedHeight(line * VISIBLE_LINES + frame)
        self.sent: list[str] = []  # oldest first
        self._recalled = -1  # the index in `sent` shown now; -1: not recalling
        self.nick_source: Callable[[], Sequence[str]] = list  # who Tab may complete
        # Repeated Tabs step through the choices for the word first typed:
        # (where the word starts, the choices, the one shown, the text then).
        self._completing: tuple[int, list[str], int, str] | None = None

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        # Tab completes a command or a nick when there is one to complete;
        # otherwise it moves the focus on, as everywhere else in the window.
        if forward and self._complete():
            return True
        return super().focusNextPrevChild(forward)

    def _complete(self) -> bool:
        cursor = self.textCursor()
        text, position = self.toPlainText(), cursor.position()
        if self._completing is not None and self._completing[3] == text:
            start, choices, shown, _ = self._completing
            shown = (shown + 1) % len(choices)
        else:
            choices = candidates(text, position, self.nick_source())
            if not choices:
                return False
            start, shown = word_before(text, position)[0], 0
        cursor.setPosition(start)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(choices[shown] + " ")
        self.setTextCursor(cursor)
        self._completing = (start, choices, shown, self.toPlainText())
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up in an empty box brings back the last message sent (again: the one
        # before); Down goes forward again. Elsewhere the arrows move the cursor.
        if event.key() == Qt.Key.Key_Up and not event.modifiers() and self._may_recall():
            if self.sent and self._recalled != 0:
                self._recall(len(self.sent) - 1 if self._recalled < 0 else self._recalled - 1)
            return
        if event.key() == Qt.Key.Key_Down and not event.modifiers() and self._recalled >= 0:
            if self.toPlainText() == self.sent[self._recalled]:
                if self._recalled + 1 < len(self.sent):
                    self._recall(self._recalled + 1)
                else:
                    self._recalled = -1
                    self.clear()
                return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)

    def _may_recall(self) -> bool:
        text = self.toPlainText()
        return not text or (self._recalled >= 0 and text == self.sent[self._recalled])

    def _recall(self, index: int) -> None:
        self._recalled = index
        self.setPlainText(self.sent[index])
        self.moveCursor(QTextCursor.MoveOperation.End)

    def submit(self) -> None:
        text = self.toPlainText()
        if text.strip():
            self._recalled = -1
            if not self.sent or self.sent[-1] != text:
                self.sent = [*self.sent[-(RECALL_KEPT - 1) :], text]
            self.submitted.emit(text)
            self.clear()


class MessageInput(QWidget):
    """The edit box, a Send button, and a "private to ..." marker above them."""

    submitted = Signal(str, str)  # text, recipient ("" for everyone)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recipient = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)

        self.recipient_bar = QWidget(self)
        bar = QHBoxLayout(self.recipient_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.recipient_label = QLabel(self.recipient_bar)
        self.recipient_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_recipient_button = QToolButton(self.recipient_bar)
        self.clear_recipient_button.setText(self.tr("To everyone"))
        self.clear_recipient_button.setToolTip(self.tr("Stop writing privately (Esc)"))
        self.clear_recipient_button.setAccessibleName(self.tr("Write to everyone"))
        self.clear_recipient_button.clicked.connect(lambda: self.set_recipient(""))
        bar.addWidget(self.recipient_label)
        bar.addWidget(self.clear_recipient_button)
        bar.addStretch(1)
        layout.addWidget(self.recipient_bar)

        row = QHBoxLayout()
        self.edit = MessageEdit(self)
        self.edit.submitted.connect(self._on_edit_submitted)
        self.edit.escape_pressed.connect(lambda: self.set_recipient(""))
        self.send_button = QPushButton(icon("send"), self.tr("&Send"), self)
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.clicked.connect(self.edit.submit)
        row.addWidget(self.edit, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        self.set_recipient("")

    @property
    def recipient(self) -> str:
        return self._recipient

    def set_recipient(self, nick: str) -> None:
        self._recipient = nick
        self.recipient_bar.setVisible(bool(nick))
        self.recipient_label.setText(self.tr("Private message to %1").replace("%1", nick))
        self.edit.setPlaceholderText(
            self.tr("Private to %1; Enter sends, Esc writes to everyone").replace("%1", nick)
            if nick
            else self.tr(
                "Type a message; Enter sends, Shift+Enter adds a line, /help lists commands"
            )
        )
        if nick:
            self.edit.setFocus()

    def _on_edit_submitted(self, text: str) -> None:
        self.submitted.emit(text, self._recipient)
