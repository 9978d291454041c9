"""What the server and client windows share: the two docks, the error banner,
the View menu (Inspect, panels, chat zoom, language, theme), the Help menu and
remembering the window's layout.

The conversation is the window; the teaching panels (connection state, event
log) are the Inspect mode, one toggle away (View > Inspect, Ctrl+I, or the
button at the right of the menu bar), and the window remembers the choice."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolButton,
    QWidget,
)

from .. import __version__
from .event_log_dock import EventLogDock
from .message_banner import MessageBanner
from .preference_menus import LANGUAGE_CHOICES, PreferenceChoices, add_choice_menu
from .state_panel import StatePanel

STATE_PANEL_WIDTH = 430  # room for the timeline's four columns
EVENT_LOG_HEIGHT = 300
# In a narrow window the panels take at most these shares, so the chat stays readable.
STATE_PANEL_SHARE = 0.45
EVENT_LOG_SHARE = 0.4
# Narrower than this (half a laptop screen), the panels share the bottom as tabs:
# beside the chat they would leave it a column a few words wide.
SIDE_PANEL_MIN_WINDOW_WIDTH = 1000
TABBED_PANELS_SHARE = 0.45
# The documents About links to, as found beside the code (a source checkout or
# an unpacked archive); where they are not, About names them.
DOCUMENTS = ("README.md", "docs/PROTOCOL.md", "docs/SECURITY.md")


def document_links() -> list[str]:
    """The documents as links to the files where they exist, else as their names."""
    root = Path(__file__).resolve().parents[2]
    links = []
    for name in DOCUMENTS:
        path = root / name
        if path.is_file():
            links.append(f'<a href="{html.escape(path.as_uri())}">{html.escape(name)}</a>')
        else:
            links.append(html.escape(name))
    return links


class ChatWindowBase(PreferenceChoices, QMainWindow):
    # Whether a new user sees the teaching panels; each window says (and why).
    INSPECT_BY_DEFAULT = False
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
        self.event_log = EventLogDock(parent=self, settings=settings)
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
        self._docks_sized = False
        self._closing = False
        # Splitters whose sizes the window remembers (each needs an objectName).
        self.remembered_splitters: list[QSplitter] = []
        self.about_box: QMessageBox | None = None
        self.lab_window: QMainWindow | None = None
        self.doctor_dialog: Any = None  # Help > Connectivity doctor, once opened
        self.inspect_action = QAction(self.tr("&Inspect"), self)
        self.inspect_action.setCheckable(True)
        self.inspect_action.setShortcut(QKeySequence(self.tr("Ctrl+I")))
        self.inspect_action.setToolTip(
            self.tr("Show or hide the connection state and the event log (Ctrl+I)")
        )
        self.inspect_action.toggled.connect(self._on_inspect_toggled)
        self.inspect_action.setChecked(False)
        for dock in (self.state_panel, self.event_log):
            dock.hide()
            dock.toggleViewAction().toggled.connect(self._on_dock_toggled)

    def build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = file_menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.request_close)

        view = self.menuBar().addMenu(self.tr("&View"))
        view.addAction(self.inspect_action)
        for dock in (self.state_panel, self.event_log):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        chat_view = getattr(self, "chat_view", None)
        if chat_view is not None:
            for action in chat_view.zoom_actions():
                view.addAction(action)
            chat_view.zoom_changed.connect(self._on_chat_zoom_changed)
            if self.settings is not None:
                chat_view.set_zoom(self.settings.chat_zoom)
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

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = help_menu.addAction(self.tr("&About chatapp"))
        about.triggered.connect(self.show_about)
        labs = help_menu.addAction(self.tr("Teaching &labs…"))
        labs.triggered.connect(self.show_labs)
        doctor = help_menu.addAction(self.tr("Connectivity &doctor…"))
        doctor.triggered.connect(self.show_doctor)

        # The Inspect toggle, always in reach: a button at the right of the menu bar.
        self.inspect_button = QToolButton(self)
        self.inspect_button.setDefaultAction(self.inspect_action)
        self.inspect_button.setAutoRaise(True)
        self.inspect_button.setAccessibleName(self.tr("Inspect"))
        self.menuBar().setCornerWidget(self.inspect_button, Qt.Corner.TopRightCorner)

    def about_text(self) -> str:
        return (
            self.tr(
                "<p><b>chatapp %1</b></p><p>A chat for the machines of one network, "
                "and a window on how TCP carries it.</p><p>Free software under the MIT "
                "license.</p><p>Documentation: %2</p>"
            )
            .replace("%1", __version__)
            .replace("%2", " · ".join(document_links()))
        )

    def show_about(self) -> None:
        """Help > About: not modal for the app (the chat goes on meanwhile)."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About chatapp"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        for label in box.findChildren(QLabel):
            label.setOpenExternalLinks(True)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.about_box = box

    def show_labs(self) -> None:
        """Help > Teaching labs: one lab window, raised if it is already open."""
        from .lab.lab_window import LabWindow  # the labs' code only when asked for

        if self.lab_window is None:
            self.lab_window = LabWindow(settings=self.settings)
            self.lab_window.theme_chosen.connect(self.theme_chosen)
            self.lab_window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.lab_window.show()
        self.lab_window.raise_()
        self.lab_window.activateWindow()

    def show_doctor(self) -> None:
        """Help > Connectivity doctor: why can't they connect? Not modal either."""
        from .doctor_dialog import show_doctor_dialog  # its checks load on first use

        self.doctor_dialog = show_doctor_dialog(self, self.doctor_dialog)

    def _on_chat_zoom_changed(self, zoom: int) -> None:
        if self.settings is not None:
            self.settings.chat_zoom = zoom

    # --- closing --------------------------------------------------------------------

    def may_close_now(self) -> bool:
        """True when the window may close; otherwise it has asked the user, and
        closes by itself if they agree (the server window asks while people are in)."""
        return True

    def request_close(self) -> None:
        """File > Quit: the same question as the window's close button."""
        if self.may_close_now():
            self.close()

    # --- Inspect mode -----------------------------------------------------------------

    @property
    def inspecting(self) -> bool:
        return self.inspect_action.isChecked()

    def set_inspecting(self, shown: bool) -> None:
        self.inspect_action.setChecked(shown)

    @property
    def docks_sized(self) -> bool:
        """The Inspect panels have had their first size (they no longer move the window)."""
        return self._docks_sized

    def _on_inspect_toggled(self, shown: bool) -> None:
        docks = (self.state_panel, self.event_log)
        if shown and not any(not dock.isHidden() for dock in docks):
            if not self._docks_sized:
                self._place_docks()  # before they show, so they never widen the window
            for dock in docks:
                dock.show()
            if self.isVisible() and not self._docks_sized:
                QTimer.singleShot(0, self._size_docks)
        elif not shown:
            for dock in docks:
                dock.hide()
        if self.settings is not None:
            self.settings.set_inspect_shown(self._name, shown)

    def _on_dock_toggled(self, _shown: bool) -> None:
        # A panel closed or opened by itself (its own X, View menu): the Inspect
        # toggle says whether any panel is out. Not while the window closes or
        # is hidden: its panels go with it, and the choice stays as it was.
        if self._closing or not self.isVisible():
            return
        any_shown = any(
            dock.toggleViewAction().isChecked() for dock in (self.state_panel, self.event_log)
        )
        if any_shown != self.inspect_action.isChecked():
            blocked = self.inspect_action.blockSignals(True)
            self.inspect_action.setChecked(any_shown)
            self.inspect_action.blockSignals(blocked)
            if self.settings is not None:
                self.settings.set_inspect_shown(self._name, any_shown)

    def _add_choice_menu(
        self, menu: QMenu, choices: list[tuple[str, str]], current: str, slot: Any
    ) -> None:
        add_choice_menu(menu, choices, current, slot)

    # --- layout memory ------------------------------------------------------------

    def restore_layout(self) -> None:
        inspect = self.INSPECT_BY_DEFAULT
        if self.settings is not None:
            geometry = self.settings.window_geometry(self._name)
            if geometry is not None:
                self.restoreGeometry(geometry)
            state = self.settings.window_state(self._name)
            if state is not None:
                self._layout_restored = self.restoreState(state)
                self._docks_sized = self._layout_restored
            inspect = self.settings.inspect_shown(self._name, inspect)
            for splitter in self.remembered_splitters:
                blob = self.settings.splitter_state(self._name, splitter.objectName())
                if blob is not None:
                    splitter.restoreState(blob)
        # The saved dock state may name panels shown or hidden; the Inspect
        # choice decides, so the toggle and the panels never disagree.
        blocked = self.inspect_action.blockSignals(True)
        self.inspect_action.setChecked(inspect)
        self.inspect_action.blockSignals(blocked)
        docks = (self.state_panel, self.event_log)
        if not inspect:
            for dock in docks:
                dock.hide()
        elif all(dock.isHidden() for dock in docks):
            for dock in docks:
                dock.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._closing = False
        if not self._layout_restored:
            # First run: give the docks useful sizes (resizeDocks only works once shown).
            self._layout_restored = True
            if self.inspecting:
                self._place_docks()
                QTimer.singleShot(0, self._size_docks)

    def _narrow(self) -> bool:
        return self.width() < SIDE_PANEL_MIN_WINDOW_WIDTH

    def _place_docks(self) -> None:
        """First use: the state panel on the right of a wide window; in a narrow
        one it shares the bottom with the event log, as tabs."""
        if self._narrow():
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.state_panel)
            self.tabifyDockWidget(self.event_log, self.state_panel)

    def _size_docks(self) -> None:
        self._docks_sized = True
        if self._narrow():
            self.state_panel.raise_()
            height = int(self.height() * TABBED_PANELS_SHARE)
            self.resizeDocks([self.event_log], [height], Qt.Orientation.Vertical)
            return
        width = min(STATE_PANEL_WIDTH, int(self.width() * STATE_PANEL_SHARE))
        height = min(EVENT_LOG_HEIGHT, int(self.height() * EVENT_LOG_SHARE))
        self.resizeDocks([self.state_panel], [width], Qt.Orientation.Horizontal)
        self.resizeDocks([self.event_log], [height], Qt.Orientation.Vertical)

    def save_layout(self) -> None:
        if self.settings is None:
            return
        self.settings.set_window_geometry(self._name, self.saveGeometry())
        self.settings.set_window_state(self._name, self.saveState())
        self.settings.set_inspect_shown(self._name, self.inspecting)
        for splitter in self.remembered_splitters:
            self.settings.set_splitter_state(
                self._name, splitter.objectName(), splitter.saveState()
            )
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        if self.lab_window is not None:
            self.lab_window.close()  # its labs' sockets close with it
        self.save_layout()
        super().closeEvent(event)
