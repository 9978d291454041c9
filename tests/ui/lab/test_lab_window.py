"""The lab window: steps, slow motion, export, zoom, memory, and its place in the Help menu."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QVBoxLayout

from chatapp.ui.lab.lab_page import LabPage, LabStep
from chatapp.ui.lab.lab_window import SLOW_MOTION_FACTOR, LabWindow


class FakePage(LabPage):
    def __init__(self, name: str, steps: int = 3) -> None:
        super().__init__()
        self.name = name
        self.setObjectName(name)
        self.entered: list[int] = []
        self.factor = 1.0
        self.stops = 0
        self.diagram = QLabel(f"{name} diagram", self)
        self.diagram.resize(200, 80)
        QVBoxLayout(self).addWidget(self.diagram)
        self._count = steps

    def title(self) -> str:
        return self.name

    def steps(self) -> list[LabStep]:
        return [
            LabStep(f"{self.name} step {i + 1}", f"<p>text {i + 1}</p>",
                    lambda i=i: self.entered.append(i))
            for i in range(self._count)
        ]

    def set_slow_motion(self, factor: float) -> None:
        self.factor = factor

    def exportable_views(self):
        return {"the diagram / one": self.diagram}

    def stop(self) -> None:
        self.stops += 1


@pytest.fixture
def make_window(qtbot, settings):
    def make(pages=None) -> LabWindow:
        window = LabWindow(settings=settings, pages=pages or [FakePage("A"), FakePage("B", 2)])
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def test_next_and_back_walk_the_steps_and_enter_each(make_window):
    window = make_window()
    page = window.current_page()
    assert page.entered == [0] and window.step_title.text() == "A step 1"
    assert not window.back_button.isEnabled()
    window.next_button.click()
    window.next_button.click()
    assert page.entered == [0, 1, 2]
    assert "text 3" in window.explanation.toPlainText()
    assert window.step_counter.text() == "Step 3 of 3"
    assert not window.next_button.isEnabled()
    window.next_step()  # past the end: nothing happens
    assert page.entered == [0, 1, 2]
    window.back_button.click()
    assert window.step_index == 1 and page.entered[-1] == 1
    window.step_list.setCurrentRow(0)
    assert window.step_index == 0


@pytest.mark.parametrize(
    ("forward", "backward"),
    [(Qt.Key.Key_PageDown, Qt.Key.Key_PageUp), (Qt.Key.Key_Right, Qt.Key.Key_Left)],
)
def test_the_keyboard_and_a_presenters_clicker_walk_the_steps(qtbot, make_window, forward,
                                                                 backward):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    modifier = (Qt.KeyboardModifier.AltModifier if forward == Qt.Key.Key_Right
                else Qt.KeyboardModifier.NoModifier)
    window.step_list.setFocus()
    qtbot.keyClick(window.step_list, forward, modifier)
    qtbot.waitUntil(lambda: window.step_index == 1)
    qtbot.keyClick(window.step_list, backward, modifier)
    qtbot.waitUntil(lambda: window.step_index == 0)


def test_slow_motion_reaches_the_page_shown_and_the_next_one(make_window):
    window = make_window()
    first, second = window.pages
    window.slow_motion_check.setChecked(True)
    assert first.factor == SLOW_MOTION_FACTOR
    window.lab_list.setCurrentRow(1)
    assert second.factor == SLOW_MOTION_FACTOR
    window.slow_motion_check.setChecked(False)
    assert second.factor == 1.0


def test_switching_labs_stops_the_lab_left_and_closing_stops_all(make_window):
    window = make_window()
    first, second = window.pages
    window.lab_list.setCurrentRow(1)
    assert (first.stops, second.stops) == (1, 0)
    assert window.current_page() is second and second.entered == [0]
    window.close()
    assert first.stops >= 2 and second.stops == 1


def test_export_writes_a_png_and_an_svg_of_each_view(make_window, tmp_path):
    window = make_window()
    written = window.export_diagrams(tmp_path / "slides")
    names = sorted(path.name for path in written)
    assert names == ["the-diagram-one.png", "the-diagram-one.svg"]
    image = QImage(str(tmp_path / "slides" / "the-diagram-one.png"))
    assert not image.isNull() and image.width() > 0
    svg = tmp_path / "slides" / "the-diagram-one.svg"
    assert ET.parse(svg).getroot().tag.endswith("svg")
    assert QSvgRenderer(str(svg)).isValid()
    assert "2 files written" in window.banner.findChild(QLabel).text()


def test_an_unwritable_folder_is_a_sentence(make_window, tmp_path):
    window = make_window()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert window.export_diagrams(blocker / "inside") == []
    assert "could not be exported" in window.banner.findChild(QLabel).text()


def test_zoom_makes_the_text_larger_and_is_remembered(make_window, settings):
    window = make_window()
    before = window.explanation.font().pointSizeF()
    for action in window.zoom_actions[:1] * 3:
        action.trigger()
    assert window.explanation.font().pointSizeF() == before + 3
    assert settings.lab_zoom == 3
    window.zoom_actions[2].trigger()
    assert window.explanation.font().pointSizeF() == before
    window.set_zoom(10**6)
    assert window.zoom == 12  # bounded


def test_the_last_lab_and_the_geometry_are_remembered(make_window, settings):
    window = make_window()
    window.lab_list.setCurrentRow(1)
    window.resize(700, 500)
    window.close()
    again = make_window([FakePage("A"), FakePage("B", 2)])
    assert again.current_page().name == "B"
    assert again.size().width() == 700


def test_the_window_fits_a_1366x768_projector(make_window):
    from chatapp.ui.lab.catalog import lab_pages

    window = make_window(lab_pages())
    try:
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 700
    finally:
        window.stop_all()


def test_help_menu_of_the_chat_windows_opens_the_labs(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    chat = ClientWindow(settings=settings)
    qtbot.addWidget(chat)
    chat.show()
    help_menu = next(a.menu() for a in chat.menuBar().actions() if a.text() == "&Help")
    labs = next(a for a in help_menu.actions() if a.text() == "Teaching &labs…")
    labs.trigger()
    lab_window = chat.lab_window
    assert isinstance(lab_window, LabWindow) and lab_window.isVisible()
    qtbot.addWidget(lab_window)
    labs.trigger()
    assert chat.lab_window is lab_window  # one lab window, raised again
    chat.close()
    assert not lab_window.isVisible()


def test_lab_takes_lang_like_the_other_programs(capsys):
    from chatapp.app.windows_main import lab_parser

    assert lab_parser().parse_args(["--lang", "zh_CN"]).lang == "zh_CN"
    with pytest.raises(SystemExit):
        lab_parser().parse_args(["--lang", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_switching_real_labs_leaves_no_open_socket(make_window):
    from chatapp.lab.burst import BurstPlan
    from chatapp.ui.lab.backlog_page import BacklogPage
    from chatapp.ui.lab.catalog import lab_pages
    from chatapp.ui.lab.sticky_packets_page import StickyPacketsPage

    window = make_window(lab_pages())
    sticky = next(p for p in window.pages if isinstance(p, StickyPacketsPage))
    backlog = next(p for p in window.pages if isinstance(p, BacklogPage))
    window.show_lab(window.pages.index(sticky))
    sticky.set_plan(BurstPlan(count=10, delay_ms=2000))
    assert sticky.send_burst() and sticky.open_sockets()
    window.show_lab(window.pages.index(backlog))
    assert not sticky.open_sockets()
    backlog.connect_clients(2)
    assert backlog.open_sockets() >= 2  # the listener and the first client
    window.close()
    assert backlog.open_sockets() == 0


def test_the_server_windows_help_menu_opens_the_labs_too(qtbot, server_window):
    help_menu = server_window.menuBar().actions()[-1].menu()
    labs = next(a for a in help_menu.actions() if a.text() == "Teaching &labs…")
    labs.trigger()
    qtbot.addWidget(server_window.lab_window)
    assert isinstance(server_window.lab_window, LabWindow)
    assert server_window.lab_window.isVisible()
    server_window.lab_window.close()
