"""The client window's conversation page: the room's header, the chat, the message
box and the people in the room.

Only the widgets and how they sit; what they do is the window's (client_window.py).
Its sentences keep the "ClientWindow" translation context they always had, so
the catalogue needs no change.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .chat_view import ChatView
from .icons import icon
from .message_input import MessageInput
from .user_list import UserList

CONTEXT = "ClientWindow"


class ConversationPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.room_label = QLabel(self)
        self.room_label.setTextFormat(Qt.TextFormat.PlainText)
        self.room_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reconnect_button = QPushButton(
            icon("connect"), QCoreApplication.translate("ClientWindow", "Reconnect &now"), self
        )
        self.disconnect_button = QPushButton(
            icon("disconnect"), QCoreApplication.translate("ClientWindow", "&Disconnect"), self
        )
        self.change_server_button = QPushButton(
            icon("connect"), QCoreApplication.translate("ClientWindow", "C&onnect…"), self
        )
        self.change_server_button.setToolTip(
            QCoreApplication.translate("ClientWindow", "Back to the connect page")
        )
        header.addWidget(self.room_label, 1)
        for button in (self.reconnect_button, self.disconnect_button, self.change_server_button):
            header.addWidget(button)
        layout.addLayout(header)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("conversation_splitter")
        splitter.setChildrenCollapsible(False)
        chat_box = QWidget(splitter)
        chat_layout = QVBoxLayout(chat_box)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        self.chat_view = ChatView(chat_box)
        self.message_input = MessageInput(chat_box)
        chat_layout.addWidget(self.chat_view, 1)
        chat_layout.addWidget(self.message_input)
        users_box = QWidget(splitter)
        users_layout = QVBoxLayout(users_box)
        users_layout.setContentsMargins(0, 0, 0, 0)
        self.users_caption = QLabel(QCoreApplication.translate("ClientWindow", "People"), users_box)
        self.user_list = UserList(users_box)
        self.users_caption.setBuddy(self.user_list)
        self.user_list.private_requested.connect(self.message_input.set_recipient)
        users_layout.addWidget(self.users_caption)
        users_layout.addWidget(self.user_list, 1)
        splitter.addWidget(chat_box)
        splitter.addWidget(users_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        layout.addWidget(splitter, 1)

    def show_users(self, users: list[str], me: str) -> None:
        self.user_list.set_users(users, me)
        caption = QCoreApplication.translate("ClientWindow", "People (%1)")
        self.users_caption.setText(caption.replace("%1", str(len(users))))
