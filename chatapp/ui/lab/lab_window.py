"""The lab window (`chatapp-lab`, or Help > Teaching labs in the chat windows).

The labs on the left, the chosen lab's page in the middle, and on the right
the current step: its explanation, the list of steps, Back and Next
(Alt+Left / Alt+Right or Page Up / Page Down, which a presenter's clicker
sends), slow motion and export. Made for a projector: the text is larger
than the chat's and zooms with Ctrl++ / Ctrl+-, and the window fits 1366x768.

Only the page shown runs: switching labs stops the one left, closing the
window stops them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..message_banner import MessageBanner
from ..preference_menus import LANGUAGE_CHOICES, PreferenceChoices, add_choice_menu
from .catalog import lab_pages
from .lab_page import LabPage
from .view_export import export_views

WINDOW_NAME = "lab"
SLOW_MOTION_FACTOR = 5.0
# A lab is shown to a class: its text starts a little larger than the chat's.
FONT_BONUS_POINTS = 2
ZOOM_RANGE = (-6, 12)
DEFAULT_SIZE = (1280, 720)  # fits a 1366x768 projector with the title bar and a task bar
LAB_LIST_WIDTH = 190
STEP_PANEL_WIDTH = 330
LAB_LIST_MIN_WIDTH = 140  # a lab's name on two or three lines


class LabWindow(PreferenceChoices, QMainWindow):
    theme_chosen = Signal(str)  # "system", "light" or "dark"; the app applies it
    language_chosen = Signal(str)  # applies at the next start
    step_shown = Signal(int)  # the index of the step now shown

    def __init__(
        self,
        settings: Any = None,
        pages: list[LabPage] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("chatapp labs"))
        self.setObjectName("LabWindow")
        self.pages = pages if pages is not None else lab_pages(self)
        self._step_index = {id(page): 0 for page in self.pages}
        self._current = -1
        self._slow_motion = 1.0
        self._base_point_size = QApplication.font().pointSizeF()
        self._zoom = settings.lab_zoom if settings is not None else 0
        self._build()
        self._build_actions()
        self._build_menus()
        self._apply_zoom()
        self._restore()

    # --- building -------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(4, 4, 4, 4)
        self.banner = MessageBanner(central)
        outer.addWidget(self.banner)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("labSplitter")
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        self.lab_list = QListWidget(self.splitter)
        self.lab_list.setAccessibleName(self.tr("Labs"))
        self.lab_list.setWordWrap(True)
        self.stack = QStackedWidget(self.splitter)
        for number, page in enumerate(self.pages, 1):
            self.lab_list.addItem(f"{number}. {page.title()}")
            # Zoomed for a projector, a page may need more room than the screen has:
            # it scrolls then, rather than pushing the window off the screen.
            scroller = QScrollArea(self.stack)
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidget(page)
            self.stack.addWidget(scroller)

        panel = QWidget(self.splitter)
        column = QVBoxLayout(panel)
        column.setContentsMargins(4, 0, 0, 0)
        self.step_title = QLabel(panel)
        self.step_title.setWordWrap(True)
        title_font = QFont(self.step_title.font())
        title_font.setBold(True)
        self.step_title.setFont(title_font)
        self.explanation = QTextBrowser(panel)
        self.explanation.setOpenExternalLinks(True)
        self.explanation.setAccessibleName(self.tr("Explanation of the step"))
        self.step_list = QListWidget(panel)
        self.step_list.setAccessibleName(self.tr("Steps"))
        self.step_list.setWordWrap(True)
        self.step_list.setMaximumHeight(170)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀ Back"), panel)
        self.next_button = QPushButton(self.tr("Next ▶"), panel)
        self.step_counter = QLabel(panel)
        self.step_counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.step_counter, 1)
        buttons.addWidget(self.next_button)
        extras = QHBoxLayout()
        self.slow_motion_check = QCheckBox(self.tr("Slow motion"), panel)
        self.slow_motion_check.setToolTip(
            self.tr("Stretch the lab's own delays five times, so a class can follow each event")
        )
        self.export_button = QPushButton(self.tr("Export diagrams…"), panel)
        extras.addWidget(self.slow_motion_check)
        extras.addStretch(1)
        extras.addWidget(self.export_button)
        column.addWidget(self.step_title)
        column.addWidget(self.explanation, 1)
        column.addWidget(self.step_list)
        column.addLayout(buttons)
        column.addLayout(extras)

        self.lab_list.setMinimumWidth(LAB_LIST_MIN_WIDTH)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes(
            [LAB_LIST_WIDTH, DEFAULT_SIZE[0] - LAB_LIST_WIDTH - STEP_PANEL_WIDTH, STEP_PANEL_WIDTH]
        )
        self.setCentralWidget(central)

        self.lab_list.currentRowChanged.connect(self.show_lab)
        self.step_list.currentRowChanged.connect(self._on_step_list_row_changed)
        self.back_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        self.slow_motion_check.toggled.connect(self.set_slow_motion)
        self.export_button.clicked.connect(lambda: self.export_diagrams())

    def _build_actions(self) -> None:
        self.back_action = QAction(self.tr("&Back"), self)
        self.back_action.setShortcuts([QKeySequence("Alt+Left"), QKeySequence("PgUp")])
        self.back_action.triggered.connect(self.previous_step)
        self.next_action = QAction(self.tr("&Next"), self)
        self.next_action.setShortcuts([QKeySequence("Alt+Right"), QKeySequence("PgDown")])
        self.next_action.triggered.connect(self.next_step)
        self.export_action = QAction(self.tr("&Export diagrams…"), self)
        self.export_action.triggered.connect(lambda: self.export_diagrams())
        self.zoom_actions: list[QAction] = []
        for text, keys, step in (
            (self.tr("Zoom &in"), [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")], 1),
            (self.tr("Zoom &out"), [QKeySequence.StandardKey.ZoomOut], -1),
            (self.tr("&Normal size"), [QKeySequence("Ctrl+0")], 0),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _c=False, s=step: self._zoom_step(s))
            self.zoom_actions.append(action)
        for action in (self.back_action, self.next_action, *self.zoom_actions):
            self.addAction(action)  # the shortcuts work wherever the focus is

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Close"))
        quit_action.setShortcut(QKeySequence.StandardKey.Close)
        quit_action.triggered.connect(self.close)
        steps = self.menuBar().addMenu(self.tr("&Step"))
        steps.addAction(self.back_action)
        steps.addAction(self.next_action)
        view = self.menuBar().addMenu(self.tr("&View"))
        for action in self.zoom_actions:
            view.addAction(action)
        view.addSeparator()
        language = self.settings.language if self.settings is not None else ""
        theme = self.settings.theme if self.settings is not None else "system"
        add_choice_menu(
            view.addMenu(self.tr("&Language")),
            [(code, label or self.tr("System language")) for code, label in LANGUAGE_CHOICES],
            language,
            self._on_language_chosen,
        )
        add_choice_menu(
            view.addMenu(self.tr("&Theme")),
            [
                ("system", self.tr("Follow the system")),
                ("light", self.tr("Light")),
                ("dark", self.tr("Dark")),
            ],
            theme,
            self._on_theme_chosen,
        )

    def _restore(self) -> None:
        self.resize(*DEFAULT_SIZE)
        last = ""
        if self.settings is not None:
            geometry = self.settings.window_geometry(WINDOW_NAME)
            if geometry is not None:
                self.restoreGeometry(geometry)
            splitter = self.settings.splitter_state(WINDOW_NAME, self.splitter.objectName())
            if splitter is not None:
                self.splitter.restoreState(splitter)
            last = self.settings.last_lab
        names = [page_key(page) for page in self.pages]
        if self.pages:
            self.lab_list.setCurrentRow(names.index(last) if last in names else 0)
        else:
            self.step_title.setText(self.tr("No labs are installed."))
        self._update_buttons()

    # --- labs and steps ---------------------------------------------------------------

    def current_page(self) -> LabPage | None:
        return self.pages[self._current] if 0 <= self._current < len(self.pages) else None

    @property
    def step_index(self) -> int:
        page = self.current_page()
        return self._step_index[id(page)] if page is not None else 0

    def show_lab(self, index: int) -> None:
        if index == self._current or not 0 <= index < len(self.pages):
            return
        left = self.current_page()
        if left is not None:
            left.stop()  # only the lab on screen holds sockets
        self._current = index
        if self.lab_list.currentRow() != index:
            self.lab_list.setCurrentRow(index)
        page = self.pages[index]
        page.set_slow_motion(self._slow_motion)
        self.stack.setCurrentIndex(index)
        blocked = self.step_list.blockSignals(True)
        self.step_list.clear()
        for number, step in enumerate(page.steps(), 1):
            self.step_list.addItem(f"{number}. {step.title}")
        self.step_list.blockSignals(blocked)
        self.show_step(self._step_index[id(page)], force=True)

    def show_step(self, index: int, force: bool = False) -> None:
        page = self.current_page()
        if page is None:
            return
        steps = page.steps()
        index = max(0, min(len(steps) - 1, index))
        if index == self._step_index[id(page)] and not force:
            return
        self._step_index[id(page)] = index
        step = steps[index]
        self.step_title.setText(step.title)
        self.explanation.setHtml(step.text)
        blocked = self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(index)
        self.step_list.blockSignals(blocked)
        self._update_buttons()
        if step.enter is not None:
            step.enter()
        self.step_shown.emit(index)

    def next_step(self) -> None:
        self.show_step(self.step_index + 1)

    def previous_step(self) -> None:
        self.show_step(self.step_index - 1)

    def _on_step_list_row_changed(self, row: int) -> None:
        if row >= 0:
            self.show_step(row)

    def _update_buttons(self) -> None:
        page = self.current_page()
        count = len(page.steps()) if page is not None else 0
        index = self.step_index
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        self.back_action.setEnabled(index > 0)
        self.next_action.setEnabled(index < count - 1)
        self.step_counter.setText(
            self.tr("Step %1 of %2").replace("%1", str(index + 1)).replace("%2", str(count))
            if count
            else ""
        )

    # --- slow motion, export, zoom ---------------------------------------------------

    def set_slow_motion(self, on: bool) -> None:
        self._slow_motion = SLOW_MOTION_FACTOR if on else 1.0
        if self.slow_motion_check.isChecked() != on:
            self.slow_motion_check.setChecked(on)
        page = self.current_page()
        if page is not None:
            page.set_slow_motion(self._slow_motion)

    def export_diagrams(self, folder: Path | None = None) -> list[Path]:
        """Write every exportable view of the lab shown as PNG and SVG; asks where
        when no folder is given. Returns the files written."""
        page = self.current_page()
        views = page.exportable_views() if page is not None else {}
        if not views:
            self.banner.show_info(self.tr("This lab has no diagrams to export."))
            return []
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self, self.tr("Export the diagrams into which folder?")
            )
            if not chosen:
                return []
            folder = Path(chosen)
        try:
            written = export_views(views, folder)
        except OSError as error:
            self.banner.show_error(
                self.tr("The diagrams could not be exported: %1. Choose a folder you can write to.")
                .replace("%1", str(error))
            )
            return []
        self.banner.show_info(
            self.tr("%1 files written to %2.")
            .replace("%1", str(len(written)))
            .replace("%2", str(folder))
        )
        return written

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, zoom: int) -> None:
        self._zoom = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], int(zoom)))
        self._apply_zoom()
        if self.settings is not None:
            self.settings.lab_zoom = self._zoom

    def _zoom_step(self, step: int) -> None:
        self.set_zoom(self._zoom + step if step else 0)

    def _apply_zoom(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, self._base_point_size + FONT_BONUS_POINTS + self._zoom))
        self.centralWidget().setFont(font)
        bold = QFont(font)
        bold.setBold(True)
        bold.setPointSizeF(font.pointSizeF() + 1)
        self.step_title.setFont(bold)

    # --- closing -----------------------------------------------------------------------

    def stop_all(self) -> None:
        for page in self.pages:
            page.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_all()
        if self.settings is not None:
            self.settings.set_window_geometry(WINDOW_NAME, self.saveGeometry())
            self.settings.set_splitter_state(
                WINDOW_NAME, self.splitter.objectName(), self.splitter.saveState()
            )
            page = self.current_page()
            if page is not None:
                self.settings.last_lab = page_key(page)
            self.settings.sync()
        super().closeEvent(event)



def page_key(page: LabPage) -> str:
    """How the settings name a lab: its object name, else its class."""
    return page.objectName() or type(page).__name__
