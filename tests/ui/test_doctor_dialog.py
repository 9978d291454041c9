"""The connectivity doctor's dialog: opened from both windows' Help menu,
pre-filled, findings shown as they arrive with an icon per verdict, a
progress bar, the most important first at the end, and "Copy report".
Discovery is a fake finder here: in-process tests never multicast."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyleOptionViewItem
from shared_support import LOOPBACK, WAIT_MS

from chatapp.doctor.finding import OK, PROBLEM, Finding
from chatapp.doctor.run import DoctorRequest
from chatapp.protocol.advert import FoundServer, ServerAdvert
from chatapp.ui.doctor_dialog import (
    DEFAULT_SIZE,
    DoctorDialog,
    finder_for_window,
    request_for_window,
)
from chatapp.ui.finding_delegate import DONE_ROLE

RUN_MS = 10_000  # the reach's timeout, the greeting's wait and some slack


class FakeFinder(QObject):
    server_found = Signal(object)

    def __init__(self, parent, found: list[FoundServer]) -> None:
        super().__init__(parent)
        self.found = found
        self.started = False

    def start(self) -> None:
        self.started = True
        for found in self.found:
            QTimer.singleShot(0, lambda found=found: self.server_found.emit(found))

    def stop(self) -> None:
        pass


def fake_factory(found: list[FoundServer], made: list | None = None):
    def make(parent, *settings):
        finder = FakeFinder(parent, found)
        if made is not None:
            made.append((finder, settings))
        return finder
    return make


def advert_at(port: int) -> FoundServer:
    return FoundServer(ServerAdvert("ab12", "test room", port, "0.1.0", 2, False), LOOPBACK,
                       "beacon")


@pytest.fixture(autouse=True)
def fake_finders(monkeypatch):
    """The windows' dialog would use the real ServerFinder: not in tests."""
    made = []
    monkeypatch.setattr("chatapp.doctor.discovery_watch.default_finder",
                        fake_factory([], made))
    return made


def open_dialog(qtbot, request: DoctorRequest, found=()) -> DoctorDialog:
    dialog = DoctorDialog(request, fake_factory(list(found)))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def run_to_end(qtbot, dialog: DoctorDialog) -> None:
    dialog.start()
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=RUN_MS)


def item_texts(dialog: DoctorDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def test_a_running_chatapp_server_is_recognised_and_seen_by_discovery(qtbot, server):
    request = DoctorRequest(LOOPBACK, server.port, discovery_wait=0.3)
    dialog = open_dialog(qtbot, request, [advert_at(server.port)])
    arrived = []
    dialog.start()
    dialog.run.finding_ready.connect(lambda finding: arrived.append(dialog.list.count()))
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=RUN_MS)
    texts = item_texts(dialog)
    assert any(text.startswith(f"A chatapp server answers at {LOOPBACK} port {server.port}.")
               for text in texts)
    assert any(text.startswith(f"Discovery sees the server at {LOOPBACK} port {server.port} "
                               "(by beacon).") for text in texts)
    # Shown as they came, one more row each time; and the bar ends full.
    assert arrived == list(range(1, len(arrived) + 1))
    assert dialog.progress.value() == dialog.progress.maximum() > 0
    verdicts = [dialog.list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(dialog.list.count())]
    assert PROBLEM not in verdicts and OK in verdicts
    assert not dialog.list.item(0).icon().isNull()
    assert "nothing wrong" in dialog.status.text()


def test_a_refused_port_is_the_first_line_with_the_problem_icon(qtbot, server):
    port = server.port
    server.close()  # nothing listens there any more
    dialog = open_dialog(qtbot, DoctorRequest(LOOPBACK, port, discovery_wait=0.2))
    run_to_end(qtbot, dialog)
    first = dialog.list.item(0)
    assert first.text().startswith(
        f"Nothing listens on port {port} at {LOOPBACK}: is the server running, and on this port?")
    assert first.data(Qt.ItemDataRole.UserRole) == PROBLEM
    assert first.data(DONE_ROLE).startswith(f"Tried a TCP connection to {LOOPBACK} port {port}")


def test_copy_report_puts_every_finding_on_the_clipboard(qtbot, server):
    dialog = open_dialog(qtbot, DoctorRequest(LOOPBACK, server.port, discovery=False))
    run_to_end(qtbot, dialog)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0].endswith(f"server {LOOPBACK} port {server.port}")
    assert len(copied.splitlines()) == 1 + len(dialog.findings)
    assert all(finding.sentence in copied for finding in dialog.findings)


def test_check_again_uses_the_fields_as_edited(qtbot, server):
    dialog = open_dialog(qtbot, DoctorRequest(LOOPBACK, 1, discovery=False))
    dialog.port_spin.setValue(server.port)
    run_to_end(qtbot, dialog)
    assert dialog.request.port == server.port
    assert any("A chatapp server answers" in text for text in item_texts(dialog))


def test_closing_while_checks_run_stops_listening_to_them(qtbot, server):
    dialog = open_dialog(qtbot, DoctorRequest(LOOPBACK, server.port, discovery_wait=5))
    dialog.start()
    run, executor = dialog.run, dialog.run._executor
    finished = []
    run.finished.connect(finished.append)
    dialog.close()
    shown = dialog.list.count()
    assert dialog.run is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(run), timeout=WAIT_MS)
    executor.shutdown(wait=True)  # the checks under way end within their bounds...
    qtbot.waitUntil(lambda: True)  # ...and what they deliver meets no one
    assert finished == [] and dialog.list.count() == shown


def test_the_dialog_fits_a_laptop_screen(qtbot):
    dialog = open_dialog(qtbot, DoctorRequest(LOOPBACK, 2000, discovery=False))
    hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    assert hint.width() <= 1366 and hint.height() <= 768 - 60
    assert DEFAULT_SIZE[0] <= 1366 and DEFAULT_SIZE[1] <= 768 - 60


def test_findings_wrap_to_the_lists_width(qtbot):
    dialog = open_dialog(qtbot, DoctorRequest(LOOPBACK, 2000, discovery=False))
    dialog._on_run_finding_ready(Finding("reach", PROBLEM, "word " * 60, "did " * 30, 1.0))
    item = dialog.list.item(0)
    delegate, index = dialog.list.itemDelegate(), dialog.list.indexFromItem(item)
    heights = []
    for width in (1200, dialog.minimumSizeHint().width()):
        dialog.resize(width, 500)
        qtbot.waitUntil(lambda width=width: dialog.width() == width)
        heights.append(delegate.sizeHint(QStyleOptionViewItem(), index).height())
    assert heights[1] > heights[0] > 0
    assert item.data(DONE_ROLE) == ("did " * 30).strip() + " (1.0 s)"


def help_action(window, text: str):
    for action in window.menuBar().actions():
        if action.menu() is not None:
            for item in action.menu().actions():
                if item.text() == text:
                    return item
    raise AssertionError(f"no menu item {text!r}")


def test_the_client_window_opens_the_doctor_on_its_host_and_port(qtbot, client_window_at,
                                                                  fake_finders):
    window = client_window_at(4321)
    help_action(window, "Connectivity &doctor…").trigger()
    dialog = window.doctor_dialog
    assert dialog.isVisible()
    assert (dialog.host_edit.text(), dialog.port_spin.value()) == (LOOPBACK, 4321)
    assert not dialog.server_check.isChecked()
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=RUN_MS)
    assert len(fake_finders) == 1 and fake_finders[0][0].started
    # Asked again, the same dialog comes forward.
    help_action(window, "Connectivity &doctor…").trigger()
    assert window.doctor_dialog is dialog
    dialog.close()


def test_the_server_window_checks_this_machine_as_the_server(qtbot, server_window, server):
    help_action(server_window, "Connectivity &doctor…").trigger()
    dialog = server_window.doctor_dialog
    assert dialog.server_check.isChecked() and not dialog.host_edit.isEnabled()
    assert dialog.request.own_server_port == server.port == dialog.port_spin.value()
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=RUN_MS)
    port_lines = [text for text in item_texts(dialog) if str(server.port) in text]
    # Its own server listens on 127.0.0.1 here: other machines could not reach it.
    assert any(text.startswith(f"The chat server on port {server.port} listens on {LOOPBACK} "
                               "only") for text in port_lines)
    dialog.close()


def test_discovery_follows_the_windows_settings(qtbot, client_window_at, fake_finders):
    window = client_window_at(4321)
    window.settings.discovery_interfaces = ["lo"]  # as helper MDNS's settings name them
    window.settings.discovery_udp_port = 2901
    request = request_for_window(window)
    assert (request.discovery_interfaces, request.beacon_port) == (("lo",), 2901)
    window.settings.discovery_enabled = False
    dialog = DoctorDialog(request, finder_for_window(window))
    qtbot.addWidget(dialog)
    run_to_end(qtbot, dialog)
    assert "Discovery not checked: it is turned off in this program's settings." in [
        finding.sentence for finding in dialog.findings]
    assert fake_finders == []


def test_the_client_windows_running_finder_is_used_not_a_second_one(qtbot, client_window_at,
                                                                    fake_finders):
    window = client_window_at(4321)
    running = FakeFinder(None, [])
    running.servers = [advert_at(4321)]  # what the window's server list has heard
    window.discovery = SimpleNamespace(finder=running)
    dialog = DoctorDialog(request_for_window(window), finder_for_window(window))
    qtbot.addWidget(dialog)
    run_to_end(qtbot, dialog)
    assert fake_finders == []  # no finder of its own
    assert f"Discovery sees the server at {LOOPBACK} port 4321 (by beacon)." in [
        finding.sentence for finding in dialog.findings]


@pytest.fixture
def client_window_at(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    def make(port: int):
        window = ClientWindow(settings=settings)
        qtbot.addWidget(window)
        window.show()
        window.host_edit.setText(LOOPBACK)
        window.port_spin.setValue(port)
        return window

    return make

