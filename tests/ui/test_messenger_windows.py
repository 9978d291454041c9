"""Issue 16, the windows as a messenger: Inspect mode, the connect page, the demo's
layout, following the chat, quiet retries, history order, and the small things."""

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QCloseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from ui_support import LOOPBACK, WAIT_MS, type_and_enter

from chatapp.app.settings import Settings
from chatapp.app.windows_main import open_demo, side_by_side
from chatapp.net import ChatServer, ClientState
from chatapp.protocol import NickChange
from chatapp.ui.chat_model import EntryKind
from chatapp.ui.connect_page import WIDEST_HOST, WIDEST_NICK

SMALL_SCREEN = QRect(0, 0, 1366, 768)
BIG_SCREEN = QRect(0, 0, 1920, 1080)
TITLE_BAR = 32  # what a window manager typically adds above a window


def make_window(qtbot, kind, settings):
    from chatapp.ui.client_window import ClientWindow
    from chatapp.ui.server_window import ServerWindow

    window = (ClientWindow if kind == "client" else ServerWindow)(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def fits(widget, sample):
    """The text shows whole in the field (its frame and margins aside)."""
    return widget.fontMetrics().horizontalAdvance(sample) <= widget.contentsRect().width() - 6


# --- 1. Inspect mode -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["client", "server"])
def test_a_new_user_sees_the_conversation_and_inspect_brings_the_panels(qtbot, settings, kind):
    window = make_window(qtbot, kind, settings)
    assert not window.inspecting
    assert window.state_panel.isHidden() and window.event_log.isHidden()
    assert window.inspect_action.shortcut().toString() == "Ctrl+I"
    assert window.inspect_action in window.menuBar().actions()[1].menu().actions()  # View
    assert window.inspect_button.defaultAction() is window.inspect_action
    window.inspect_button.click()
    assert window.inspecting
    assert window.state_panel.isVisible() and window.event_log.isVisible()
    window.inspect_action.trigger()
    assert window.state_panel.isHidden() and window.event_log.isHidden()


@pytest.mark.parametrize("kind", ["client", "server"])
def test_the_inspect_choice_and_the_splitter_are_remembered(qtbot, settings, kind):
    window = make_window(qtbot, kind, settings)
    window.inspect_action.trigger()
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0] + 60, sizes[1] - 60])
    moved = window.splitter.sizes()
    window.close()

    again = make_window(qtbot, kind, Settings(settings.file_name))
    assert again.inspecting
    assert again.state_panel.isVisible() and again.event_log.isVisible()
    assert again.splitter.sizes() == moved
    again.inspect_action.trigger()
    again.close()
    third = make_window(qtbot, kind, Settings(settings.file_name))
    assert not third.inspecting and third.event_log.isHidden()


def test_closing_both_panels_unchecks_inspect(qtbot, settings):
    window = make_window(qtbot, "client", settings)
    window.set_inspecting(True)
    window.state_panel.close()
    assert window.inspecting
    window.event_log.close()
    assert not window.inspecting
    assert not Settings(settings.file_name).inspect_shown("client", True)


def test_pausing_the_event_log_does_not_widen_the_window(qtbot, settings):
    window = make_window(qtbot, "client", settings)
    window.set_inspecting(True)
    dock = window.event_log
    for i in range(20):
        dock.model.log("client", f"event {i}", kind="state")
    dock.model.flush()
    qtbot.waitUntil(lambda: window.docks_sized, timeout=WAIT_MS)
    width, minimum = window.width(), window.minimumSizeHint().width()
    dock.pause_button.click()
    for i in range(123_456 // 1000):
        dock.model.log("client", f"waiting {i}", kind="state")
    dock._update_status()
    dock._save_note = "Could not save /a/very/long/folder/name/events.jsonl: No space left"
    dock._update_status()
    assert "paused" in dock.status_label.text()
    QApplication.processEvents()
    assert window.minimumSizeHint().width() == minimum
    assert window.width() == width


# --- 2. Connecting ------------------------------------------------------------------------


def test_the_connect_page_fields_are_readable_at_half_a_small_screen(qtbot, settings):
    window = make_window(qtbot, "client", settings)
    window.resize(SMALL_SCREEN.width() // 2, SMALL_SCREEN.height() - TITLE_BAR)
    assert window.on_connect_page
    window.host_edit.setText(WIDEST_HOST)
    window.nick_edit.setText(WIDEST_NICK)
    qtbot.waitUntil(lambda: window.width() == SMALL_SCREEN.width() // 2, timeout=WAIT_MS)
    assert fits(window.host_edit, WIDEST_HOST)
    assert fits(window.nick_edit, WIDEST_NICK)
    assert fits(window.port_spin, "65535")
    assert len(WIDEST_NICK) == 16


def test_the_server_address_bar_is_readable_at_half_a_small_screen(qtbot, settings):
    window = make_window(qtbot, "server", settings)
    window.resize(SMALL_SCREEN.width() // 2, SMALL_SCREEN.height() - TITLE_BAR)
    window.host_edit.setText(WIDEST_HOST)
    qtbot.waitUntil(lambda: window.width() == SMALL_SCREEN.width() // 2, timeout=WAIT_MS)
    assert fits(window.host_edit, WIDEST_HOST)
    assert fits(window.port_spin, "65535")


def test_enter_in_the_port_field_connects(qtbot, server, settings):
    window = make_window(qtbot, "client", settings)
    window.host_edit.setText(LOOPBACK)
    window.nick_edit.setText("alice")
    window.port_spin.setValue(1)
    window.port_spin.setFocus()
    window.port_spin.selectAll()
    qtbot.keyClicks(window.port_spin, str(server.port))  # typed, not yet taken in
    with qtbot.waitSignal(window.client.welcomed, timeout=WAIT_MS):
        qtbot.keyClick(window.port_spin, Qt.Key.Key_Return)
    assert window.client.nick == "alice"
    assert not window.on_connect_page  # the conversation, now


def test_enter_in_the_server_port_field_listens(qtbot, settings):
    window = make_window(qtbot, "server", settings)
    window.host_edit.setText(LOOPBACK)
    window.port_spin.setValue(0)
    with qtbot.waitSignal(window.server.listening_changed, timeout=WAIT_MS):
        qtbot.keyClick(window.port_spin, Qt.Key.Key_Return)
    assert window.server.is_listening
    window.server.close()


def test_recent_servers_most_recent_first_and_a_click_fills_the_fields(qtbot, server, settings):
    other = ChatServer()
    other.listen(LOOPBACK, 0)
    try:
        window = make_window(qtbot, "client", settings)
        assert window.connect_page.recent_empty.isVisible()
        for port, nick in ((server.port, "alice"), (other.port, "bob")):
            window.host_edit.setText(LOOPBACK)
            window.port_spin.setValue(port)
            window.nick_edit.setText(nick)
            with qtbot.waitSignal(window.client.welcomed, timeout=WAIT_MS):
                window.connect_button.click()
            with qtbot.waitSignal(window.client.disconnected, timeout=WAIT_MS):
                window.disconnect_button.click()
        assert settings.recent_servers == [
            (LOOPBACK, other.port, "bob"),
            (LOOPBACK, server.port, "alice"),
        ]
        window.close()

        again = make_window(qtbot, "client", Settings(settings.file_name))
        servers = again.connect_page.recent_list
        assert servers.isVisible() and servers.count() == 2
        assert servers.item(0).text() == f"{LOOPBACK}:{other.port} as bob"
        rect = servers.visualItemRect(servers.item(1))
        qtbot.mouseClick(servers.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert (again.port_spin.value(), again.nick_edit.text()) == (server.port, "alice")
        with qtbot.waitSignal(again.client.welcomed, timeout=WAIT_MS):
            servers.itemActivated.emit(servers.item(1))  # double-click, Enter
    finally:
        other.close()


def test_the_recent_list_keeps_one_row_per_server_and_at_most_eight(settings):
    for port in range(3000, 3012):
        settings.add_recent_server("198.18.0.1", port, "alice")
    settings.add_recent_server("198.18.0.1", 3005, "alicia")
    servers = settings.recent_servers
    assert len(servers) == 8
    assert servers[0] == ("198.18.0.1", 3005, "alicia")
    assert len({port for _h, port, _n in servers}) == 8


def test_the_found_servers_list_has_a_place_until_discovery_fills_it(qtbot, settings):
    window = make_window(qtbot, "client", settings)
    found = window.connect_page.found  # clicks are tested in tests/ui/test_found_servers.py
    assert found.empty.isVisible() and not found.list.isVisible()
    found.add_scanned("198.18.1.20", 2000)
    assert found.list.isVisible() and not found.empty.isVisible()
    found.clear()
    assert found.empty.isVisible()


def test_disconnecting_shows_the_connect_page_and_the_way_back(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    assert not alice.on_connect_page
    with qtbot.waitSignal(alice.client.disconnected, timeout=WAIT_MS):
        alice.disconnect_button.click()
    assert alice.on_connect_page
    assert alice.connect_page.back_button.isVisible()
    alice.connect_page.back_button.click()
    assert not alice.on_connect_page and alice.change_server_button.isVisible()
    alice.change_server_button.click()
    assert alice.on_connect_page


# --- 3. The demo --------------------------------------------------------------------------


@pytest.mark.parametrize("screen", [SMALL_SCREEN, BIG_SCREEN, QRect(0, 0, 1600, 1000)])
def test_the_demo_windows_share_the_screen_without_overlap(qtbot, settings, screen):
    server_window = make_window(qtbot, "server", settings)
    client_window = make_window(qtbot, "client", settings)
    minimums = [w.minimumSizeHint().width() for w in (server_window, client_window)]
    left, right = side_by_side(screen, minimums)
    assert screen.contains(left) and screen.contains(right)
    assert not left.intersects(right)
    assert left.width() + right.width() >= screen.width() - 1
    # Each window can be made that small (the frame's title bar aside).
    for window, rect in ((server_window, left), (client_window, right)):
        minimum = window.minimumSizeHint()
        assert minimum.width() <= rect.width()
        assert minimum.height() <= rect.height() - TITLE_BAR


def test_side_by_side_overlaps_only_as_much_as_a_tiny_screen_forces():
    screen = QRect(0, 0, 800, 600)
    left, right = side_by_side(screen, [500, 300])
    assert screen.contains(left) and screen.contains(right)
    assert left.width() == 500 and right.right() == screen.right()
    assert left.right() - right.left() + 1 == 100  # the overlap: 500 + 400 - 800


def test_the_demo_fills_in_the_servers_port_and_fits_the_screen(qtbot, settings):
    server_window, client_window = open_demo(settings, nick="demo")
    for window in (server_window, client_window):
        qtbot.addWidget(window)
    assert client_window.port_spin.value() == server_window.server.port
    qtbot.waitUntil(lambda: client_window.client.state is ClientState.ONLINE, timeout=WAIT_MS)
    available = server_window.screen().availableGeometry()
    for window in (server_window, client_window):
        assert available.contains(window.frameGeometry())
    assert not server_window.inspecting and not client_window.inspecting


# --- 4. Following the chat ----------------------------------------------------------------


def fill(view, count, prefix="line"):
    for i in range(count):
        view.add_notice(f"{prefix} {i}")
    view.flush()


def at_bottom(view):
    bar = view.verticalScrollBar()
    return bar.maximum() > 0 and bar.value() == bar.maximum()


def test_the_chat_keeps_following_when_a_notice_bar_appears(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    view = alice.chat_view
    fill(view, 80)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    for show in (
        lambda: alice.banner.show_info("The language changes the next time the window opens."),
        lambda: alice.banner.show_error("A refusal long enough to take lines. " * 12),
    ):
        height = view.height()
        show()
        qtbot.waitUntil(lambda h=height: view.height() < h, timeout=WAIT_MS)  # laid out
        fill(view, 3, "after the bar")
        qtbot.waitUntil(lambda: view.texts()[-1] == "after the bar 2", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
        assert view.following and not view.new_messages_button.isVisible()
        bottom_row = view.indexAt(view.viewport().rect().bottomLeft() - QPoint(0, 4)).row()
        assert bottom_row == view.chat_model.rowCount() - 1  # the newest line is in sight


def test_scrolled_up_a_new_messages_button_jumps_down(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    view = alice.chat_view
    fill(view, 80)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    view.verticalScrollBar().setValue(0)
    assert not view.following
    fill(view, 2, "while reading")
    qtbot.waitUntil(lambda: view.new_messages_button.isVisible(), timeout=WAIT_MS)
    assert view.verticalScrollBar().value() == 0  # the reader's place is kept
    view.new_messages_button.click()
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    assert not view.new_messages_button.isVisible()


# --- 5. Quiet retries ---------------------------------------------------------------------


def test_failed_retries_update_one_row(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    alice.client.backoff.first, alice.client.backoff.cap = 0.02, 0.05
    before = len(alice.chat_view.chat_model.entries()) + alice.chat_view.chat_model.pending_count
    server_window.server.close()  # gone: every retry is refused
    qtbot.waitUntil(lambda: alice.client.backoff.attempt >= 5, timeout=WAIT_MS)
    alice.chat_view.flush()
    new = alice.chat_view.chat_model.entries()[before:]
    errors = [e for e in new if e.kind is EntryKind.ERROR]
    counters = [e for e in new if e.text.startswith("Reconnecting… attempt")]
    assert len(errors) == 1 and len(counters) == 1
    assert len(new) == 2
    assert counters[0].text.endswith(" next in 1 s")  # the countdown, never "0 s"
    with qtbot.waitSignal(alice.client.disconnected, timeout=WAIT_MS):
        alice.disconnect_button.click()
    assert alice.chat_view.chat_model.tracked_keys() == 0


def test_the_retry_row_counts_attempts_and_the_next_wait(qtbot, server, connect_client_window):
    alice = connect_client_window("alice")
    peer = next(p for p in server.peers if p.nick == "alice")
    with qtbot.waitSignal(alice.client.state_changed, timeout=WAIT_MS):
        peer.connection.abort()
    alice.client.reconnect_countdown.emit(8)
    alice.chat_view.flush()
    assert alice.chat_view.texts()[-1] == "Reconnecting… attempt 1, next in 8 s"
    with qtbot.waitSignal(alice.client.welcomed, timeout=WAIT_MS):
        alice.connect_button.click()
    assert alice.chat_view.chat_model.tracked_keys() == 0


# --- 6. History ---------------------------------------------------------------------------


def test_history_comes_under_a_separator_before_connected_as(qtbot, server, connect_client_window):
    bob = connect_client_window("bob")
    for text in ("one", "two", "three"):
        type_and_enter(qtbot, bob, text)
    qtbot.waitUntil(lambda: server.history.last_seq >= 3, timeout=WAIT_MS)
    alice = connect_client_window("alice")
    qtbot.waitUntil(lambda: "Connected as alice." in alice.chat_view.texts(), timeout=WAIT_MS)
    texts = alice.chat_view.texts()
    start = texts.index("Earlier messages")
    assert texts[start + 1 : start + 5] == ["one", "two", "three", "Connected as alice."]
    kinds = [e.kind for e in alice.chat_view.chat_model.entries()]
    assert kinds[start] is EntryKind.SEPARATOR


def test_an_empty_room_says_connected_at_once(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    alice.chat_view.flush()
    assert alice.chat_view.texts()[-1] == "Connected as alice."
    assert "Earlier messages" not in alice.chat_view.texts()


def test_another_server_starts_a_fresh_chat(qtbot, server, connect_client_window):
    alice = connect_client_window("alice")
    type_and_enter(qtbot, alice, "said in the first room")
    qtbot.waitUntil(lambda: not alice.client.outbox, timeout=WAIT_MS)
    with qtbot.waitSignal(alice.client.disconnected, timeout=WAIT_MS):
        alice.disconnect_button.click()
    other = ChatServer()
    other.listen(LOOPBACK, 0)
    try:
        alice.port_spin.setValue(other.port)
        with qtbot.waitSignal(alice.client.welcomed, timeout=WAIT_MS):
            alice.connect_button.click()
        alice.chat_view.flush()
        assert "said in the first room" not in alice.chat_view.texts()
        assert alice.chat_view.texts()[-1] == "Connected as alice."
    finally:
        other.close()


# --- 7. Small things ----------------------------------------------------------------------


def test_quitting_a_server_with_people_in_asks_first(qtbot, server_window, connect_client_window):
    connect_client_window("alice")
    qtbot.waitUntil(lambda: server_window.connected_count() == 1, timeout=WAIT_MS)
    quit_action = server_window.menuBar().actions()[0].menu().actions()[0]
    quit_action.trigger()
    box = server_window.close_question
    assert box is not None and box.isVisible()
    assert "(1 connected)" in box.text()
    assert server_window.isVisible() and server_window.server.is_listening
    stop = next(b for b in box.buttons() if "Stop" in b.text())
    stop.click()
    qtbot.waitUntil(lambda: not server_window.isVisible(), timeout=WAIT_MS)
    assert not server_window.server.is_listening


def test_quitting_an_empty_server_does_not_ask(qtbot, server_window):
    server_window.request_close()
    assert server_window.close_question is None
    qtbot.waitUntil(lambda: not server_window.isVisible(), timeout=WAIT_MS)


def test_chat_zoom_keys_wheel_and_memory(qtbot, settings):
    window = make_window(qtbot, "client", settings)
    view = window.chat_view
    size = view.delegate.font.pointSizeF()
    zoom_in, zoom_out, normal = view.zoom_actions()
    assert "Ctrl++" in [k.toString() for k in zoom_in.shortcuts()]
    assert normal.shortcut().toString() == "Ctrl+0"
    zoom_in.trigger()
    zoom_in.trigger()
    assert view.delegate.font.pointSizeF() == size + 2
    wheel = QWheelEvent(
        QPointF(10, 10),
        QPointF(10, 10),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom == 1 and settings.chat_zoom == 1
    window.close()
    again = make_window(qtbot, "client", Settings(settings.file_name))
    assert again.chat_view.zoom == 1
    again.chat_view.zoom_actions()[2].trigger()
    assert again.chat_view.zoom == 0 and again.chat_view.delegate.font.pointSizeF() == size
    zoom_out.trigger()
    assert view.zoom == 0


def test_up_in_an_empty_box_recalls_the_last_messages(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    edit = alice.message_input.edit
    type_and_enter(qtbot, alice, "first")
    type_and_enter(qtbot, alice, "second")
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "second"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "first"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.toPlainText() == "second"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.toPlainText() == ""
    edit.setPlainText("half typed")
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "half typed"  # Up only recalls into an empty box


@pytest.mark.parametrize("kind", ["client", "server"])
def test_help_about_names_version_license_and_documents(qtbot, settings, kind):
    from chatapp import __version__

    window = make_window(qtbot, kind, settings)
    help_menu = window.menuBar().actions()[-1].menu()
    assert help_menu.title().replace("&", "") == "Help"
    help_menu.actions()[0].trigger()
    box = window.about_box
    assert box is not None and box.isVisible()
    assert __version__ in box.text() and "MIT" in box.text()
    assert "PROTOCOL.md" in box.text() and "href=" in box.text()


def test_the_event_logs_name_the_new_nick_after_a_rename(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    with qtbot.waitSignal(alice.client.nick_changed, timeout=WAIT_MS):
        alice.client.connection.send(NickChange("alicia"))
    logs = (alice.event_log.model, server_window.event_log.model)
    for log in logs:
        log.flush()
    before = [log.rowCount() for log in logs]
    type_and_enter(qtbot, alice, "renamed")
    qtbot.waitUntil(lambda: not alice.client.outbox, timeout=WAIT_MS)
    for log in logs:
        log.flush()
    client_sources = {e.source for e in logs[0].entries()[before[0] :]}
    assert client_sources == {"client alicia"}
    peer_sources = {e.source for e in logs[1].entries()[before[1] :]} - {"server"}
    assert peer_sources and all(s.startswith("alicia@") for s in peer_sources)


def test_window_default_sizes_fit_a_small_screen(qtbot, settings):
    for kind in ("client", "server"):
        window = make_window(qtbot, kind, settings)
        assert window.width() <= SMALL_SCREEN.width() and window.height() <= 768 - TITLE_BAR
        assert window.statusBar().sizeHint().width() <= window.width()


@pytest.fixture
def chinese():
    from PySide6.QtCore import QLocale

    from chatapp.app import i18n

    app = QApplication.instance()
    before = QLocale()
    i18n.install_translators(app, "zh_CN")
    yield
    i18n.remove_translators(app)
    QLocale.setDefault(before)


def test_the_servers_own_kick_reason_is_translated(qtbot, chinese, settings):
    window = make_window(qtbot, "client", settings)
    sentence = window.refusal_sentence("kicked", "kicked by the operator")
    assert "被管理员移出" in sentence and "kicked by" not in sentence
    assert "go home" in window.refusal_sentence("kicked", "go home")  # an operator's words


@pytest.mark.parametrize("kind", ["client", "server"])
def test_the_chinese_status_bar_fits_the_default_size(qtbot, chinese, settings, kind):
    window = make_window(qtbot, kind, settings)
    if kind == "client":
        for seconds in (1, 30):
            window.show_reconnect_countdown(seconds)
            assert window.statusBar().sizeHint().width() <= window.width()
    else:
        window.host_edit.setText(LOOPBACK)
        window.port_spin.setValue(0)
        assert window.start_listening()
        message = window.statusBar().currentMessage()
        needed = window.statusBar().fontMetrics().horizontalAdvance(message)
        needed += window.history_label.sizeHint().width() + 40  # margins, grip
        assert needed <= window.width()
        window.server.close()


@pytest.mark.parametrize("kind", ["client", "server"])
def test_inspect_at_half_a_small_screen_keeps_the_window_on_it(qtbot, settings, kind):
    window = make_window(qtbot, kind, settings)
    half = QRect(0, 0, SMALL_SCREEN.width() // 2, SMALL_SCREEN.height() - TITLE_BAR)
    window.setGeometry(half)
    qtbot.waitUntil(lambda: window.size() == half.size(), timeout=WAIT_MS)
    window.set_inspecting(True)
    qtbot.waitUntil(lambda: window.docks_sized, timeout=WAIT_MS)
    QApplication.processEvents()
    assert window.size() == half.size()
    minimum = window.minimumSizeHint()
    assert minimum.width() <= half.width() and minimum.height() <= half.height()
    # The panels share the bottom as tabs: the chat keeps the window's width.
    assert window.tabifiedDockWidgets(window.event_log) == [window.state_panel]
    assert window.centralWidget().width() >= half.width() - 20


def test_a_refused_server_is_not_listed_and_offers_no_way_back(qtbot, settings):
    window = make_window(qtbot, "client", settings)
    window.host_edit.setText(LOOPBACK)
    window.port_spin.setValue(1)  # nothing listens on port 1
    window.nick_edit.setText("alice")
    with qtbot.waitSignal(window.client.disconnected, timeout=WAIT_MS):
        window.connect_button.click()
    assert window.on_connect_page and "refused" in window.banner.text()
    assert settings.recent_servers == []
    assert not window.connect_page.back_button.isVisible()


def test_a_dismissed_banner_stays_away_while_retrying(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    alice.client.backoff.first, alice.client.backoff.cap = 0.02, 0.05
    server_window.server.close()
    qtbot.waitUntil(lambda: alice.client.backoff.attempt >= 2, timeout=WAIT_MS)
    alice.banner.close_button.click()
    attempts = alice.client.backoff.attempt
    qtbot.waitUntil(lambda: alice.client.backoff.attempt >= attempts + 2, timeout=WAIT_MS)
    assert alice.banner.text() == ""


def test_the_connect_page_controls_have_names(qtbot, settings):
    from test_accessibility import controls_without_names

    settings.add_recent_server("198.18.0.1", 2000, "alice")
    window = make_window(qtbot, "client", settings)
    window.connect_page.found.add_scanned("198.18.0.2", 2000)
    assert window.on_connect_page
    assert controls_without_names(window) == []


def test_ctrl_i_and_ctrl_plus_work_from_the_keyboard(qtbot, connect_client_window):
    alice = connect_client_window("alice")
    alice.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is alice, timeout=WAIT_MS)
    edit = alice.message_input.edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert alice.inspecting
    qtbot.keyClick(edit, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert alice.chat_view.zoom == 1
    qtbot.keyClick(edit, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert alice.chat_view.zoom == 0


class UserCloseEvent(QCloseEvent):
    """A close as the window manager sends it (Alt+F4, the title bar's X)."""

    def spontaneous(self):
        return True


def test_alt_f4_with_people_in_asks_and_keeps_the_server(
    qtbot, server_window, connect_client_window
):
    connect_client_window("alice")
    qtbot.waitUntil(lambda: server_window.connected_count() == 1, timeout=WAIT_MS)
    event = UserCloseEvent()
    server_window.closeEvent(event)
    assert not event.isAccepted()
    assert server_window.close_question.isVisible()
    assert server_window.server.is_listening
    keep = next(b for b in server_window.close_question.buttons() if "Keep" in b.text())
    keep.click()
    assert server_window.isVisible() and server_window.server.is_listening
