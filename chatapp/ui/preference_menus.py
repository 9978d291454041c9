"""The View menu's language and theme choices, shared by the chat windows and the lab window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

# Language names are shown in their own language, so anyone can find theirs.
LANGUAGE_CHOICES = (("", None), ("en", "English"), ("zh_CN", "简体中文"))


def add_choice_menu(menu: QMenu, choices: list[tuple[str, str]], current: str, slot: Any) -> None:
    """Exclusive, checkable actions, one per (value, label); `slot(value)` when one is chosen."""
    group = QActionGroup(menu)
    for value, label in choices:
        action = QAction(label, menu)
        action.setCheckable(True)
        action.setChecked(value == current)
        action.triggered.connect(lambda _checked=False, v=value: slot(v))
        group.addAction(action)
        menu.addAction(action)


class PreferenceChoices:
    """What choosing a language or a theme does, in the chat windows and the lab
    window alike (mixed into each: it needs their `settings`, `banner`,
    `language_chosen` and `theme_chosen`)."""

    def _on_language_chosen(self: Any, language: str) -> None:
        if self.settings is not None:
            self.settings.language = language
        self.language_chosen.emit(language)
        self.banner.show_info(QCoreApplication.translate(
            "PreferenceChoices", "The language changes the next time the window opens."))

    def _on_theme_chosen(self: Any, theme: str) -> None:
        if self.settings is not None:
            self.settings.theme = theme
        self.theme_chosen.emit(theme)
