"""What the server and client windows share: the two docks, the error banner,
the View menu (panels, language, theme) and remembering the window's layout."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from .event_log_dock import EventLogDock
from .message_banner import MessageBanner
from .state_panel import StatePanel

# Language names are shown in their own language, so anyone can find theirs.
STATE_PANEL_WIDTH = 430  # room for the timeline's four columns
EVENT_LOG_HEIGHT = 300
LANGUAGE_CHOICES = (("", None), ("en", "English"), ("zh_CN", "简体中文"))


class ChatWindowBase(QMainWindow):
    theme_chosen = Signal(str)  # "system", "light" or "dark"; the app applies it
    language_chosen = Signal(str)  # "" (system), "en" or "zh_CN"; applies at next start

    def __init__(
        self, settings: Any = None, name: str = "window", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        # The demo connects to a throwaway loopback port: it must not overwrite
        # the host and port the user's own server or client remembers.
        self.remember_connection = True
        self._name = name
        self.banner = MessageBanner(self)
        self.state_panel = StatePanel(self)
        self.event_log = EventLogDock(parent=self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.state_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.event_log)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        # The state panel runs the full height on the right: its timeline needs the
        # rows; the event log sits under the chat, where width matters more.
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self._layout_restored = False

    def build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = file_menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        view = self.menuBar().addMenu(self.tr("&View"))
        for dock in (self.state_panel, self.event_log):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self._add_choice_menu(
            view.addMenu(self.tr("&Language")),
            [(code, label or self.tr("System language")) for code, label in LANGUAGE_CHOICES],
            self.settings.language if self.settings is not None else "",
            self._on_language_chosen,
        )
        self._add_choice_menu(
            view.addMenu(self.tr("&Theme")),
            [
                ("system", self.tr("Follow the system")),
                ("light", self.tr("Light")),
                ("dark", self.tr("Dark")),
            ],
            self.settings.theme if self.settings is not None else "system",
            self._on_theme_chosen,
        )

    def _add_choice_menu(
        self, menu: QMenu, choices: list[tuple[str, str]], current: str, slot: Any
    ) -> None:
        group = QActionGroup(menu)
        for value, label in choices:
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(value == current)
            action.triggered.connect(lambda _checked=False, v=value: slot(v))
            group.addAction(action)
            menu.addAction(action)

    def _on_language_chosen(self, language: str) -> None:
        if self.settings is not None:
            self.settings.language = language
        self.language_chosen.emit(language)
        self.banner.show_info(self.tr("The language changes the next time the window opens."))

    def _on_theme_chosen(self, theme: str) -> None:
        if self.settings is not None:
            self.settings.theme = theme
        self.theme_chosen.emit(theme)

    # --- layout memory ------------------------------------------------------------

    def restore_layout(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.window_geometry(self._name)
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state(self._name)
        if state is not None:
            self._layout_restored = self.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._layout_restored:
            # First run: give the docks useful sizes (resizeDocks only works once shown).
            self._layout_restored = True
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        self.resizeDocks([self.state_panel], [STATE_PANEL_WIDTH], Qt.Orientation.Horizontal)
        self.resizeDocks([self.event_log], [EVENT_LOG_HEIGHT], Qt.Orientation.Vertical)

    def save_layout(self) -> None:
        if self.settings is None:
            return
        self.settings.set_window_geometry(self._name, self.saveGeometry())
        self.settings.set_window_state(self._name, self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
