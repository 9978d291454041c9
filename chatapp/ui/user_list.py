"""Who is in the room. Double-click (or Enter on) a name to message them privately."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

NICK_ROLE = Qt.ItemDataRole.UserRole + 1


class UserList(QListWidget):
    private_requested = Signal(str)  # nick

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_list")
        self.setAccessibleName(self.tr("People in the room"))
        self.setToolTip(self.tr("Double-click a name to send a private message"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self._me = ""
        # itemActivated: double-click, or Enter for keyboard users.
        self.itemActivated.connect(self._on_item_activated)

    def set_users(self, nicks: list[str], me: str = "") -> None:
        self._me = me
        current = self.currentItem().data(NICK_ROLE) if self.currentItem() else None
        self.clear()
        for nick in sorted(nicks, key=str.casefold):
            label = self.tr("%1 (you)").replace("%1", nick) if nick == me else nick
            item = QListWidgetItem(label)  # QListWidget shows plain text: no markup from nicks
            item.setData(NICK_ROLE, nick)
            if nick == me:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.addItem(item)
            if nick == current:
                self.setCurrentItem(item)

    def nicks(self) -> list[str]:
        return [self.item(row).data(NICK_ROLE) for row in range(self.count())]

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        nick = item.data(NICK_ROLE)
        if nick and nick != self._me:
            self.private_requested.emit(nick)
