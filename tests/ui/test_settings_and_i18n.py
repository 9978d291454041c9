"""Settings round-trip through the INI file; the Chinese translation loads."""

import pytest
from PySide6.QtCore import QByteArray, QLocale
from PySide6.QtWidgets import QApplication
from ui_support import LOOPBACK, WAIT_MS

from chatapp.app import i18n, theme
from chatapp.app.settings import Settings, default_nick
from chatapp.app.theme import ColorScheme


def test_settings_round_trip(tmp_path):
    path = tmp_path / "chatapp.ini"
    first = Settings(path)
    first.client_host, first.client_port, first.client_nick = "198.18.0.7", 2345, "alice"
    first.server_host, first.server_port = "127.0.0.1", 0
    first.language, first.theme = "zh_CN", "dark"
    first.set_window_geometry("client", QByteArray(b"\x01\x02geometry"))
    first.sync()

    again = Settings(path)
    client = (again.client_host, again.client_port, again.client_nick)
    assert client == ("198.18.0.7", 2345, "alice")
    assert (again.server_host, again.server_port) == ("127.0.0.1", 0)
    assert (again.language, again.theme) == ("zh_CN", "dark")
    assert again.window_geometry("client") == QByteArray(b"\x01\x02geometry")
    assert again.window_geometry("server") is None
    assert "[client]" in path.read_text(encoding="utf-8")  # INI: readable by people


def test_bad_values_in_the_file_fall_back_to_defaults(tmp_path):
    path = tmp_path / "chatapp.ini"
    path.write_text(
        "[client]\nport=99999\nnick=/bad nick\n[ui]\nlanguage=xx\ntheme=neon\n", encoding="utf-8"
    )
    settings = Settings(path)
    assert settings.client_port == 2000
    assert settings.client_nick == default_nick()
    assert (settings.language, settings.theme) == ("", "system")


def test_the_env_variable_points_settings_at_a_file(tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.ini"
    monkeypatch.setenv("CHATAPP_SETTINGS_FILE", str(path))
    Settings().client_nick = "bob"
    assert Settings(path).client_nick == "bob"


def test_client_window_remembers_host_port_and_nick(qtbot, server, settings, connect_client_window):
    from chatapp.ui.client_window import ClientWindow

    window = connect_client_window("carol")
    window.close()

    reopened = ClientWindow(settings=Settings(settings.file_name))
    qtbot.addWidget(reopened)
    assert reopened.host_edit.text() == LOOPBACK
    assert reopened.port_spin.value() == server.port
    assert reopened.nick_edit.text() == "carol"


@pytest.fixture
def chinese():
    app = QApplication.instance()
    before = QLocale()  # the default locale, which the Chinese catalogue changes
    language = i18n.install_translators(app, "zh_CN")
    yield language
    i18n.remove_translators(app)
    QLocale.setDefault(before)


def test_the_chinese_translation_loads(qtbot, chinese, settings):
    from chatapp.ui.client_window import ClientWindow
    from chatapp.ui.server_window import ServerWindow

    assert chinese == "zh_CN"
    client = ClientWindow(settings=settings)
    server = ServerWindow(settings=settings)
    for window in (client, server):
        qtbot.addWidget(window)
    assert client.connect_button.text() == "连接(&C)"
    assert client.state_label.text() == "未连接"
    assert client.event_log.windowTitle() == "事件日志"
    assert client.state_panel.windowTitle() == "连接状态"
    assert server.start_button.text() == "开始监听(&S)"
    assert client.led.toolTip() == "未连接"


def test_english_needs_no_catalogue_and_unknown_languages_fall_back(qtbot):
    app = QApplication.instance()
    assert i18n.install_translators(app, "en") == "en"
    assert i18n.install_translators(app, "fr_FR") == "en"
    i18n.remove_translators(app)


def test_theme_choice_overrides_the_system(qtbot):
    app = QApplication.instance()
    assert theme.apply_theme(app, "dark") == ColorScheme.Dark
    assert app.palette().color(app.palette().ColorRole.Base).lightness() < 128
    assert theme.apply_theme(app, "light") == ColorScheme.Light
    assert app.palette().color(app.palette().ColorRole.Base).lightness() > 128
    assert theme.apply_theme(app, "system") in (ColorScheme.Light, ColorScheme.Dark)


def test_demo_opens_a_connected_client(qtbot, settings):
    from chatapp.app.windows_main import open_demo

    server_window, client_window = open_demo(settings, nick="demo")
    for window in (server_window, client_window):
        qtbot.addWidget(window)
    qtbot.waitUntil(lambda: client_window.client.nick == "demo", timeout=WAIT_MS)
    assert server_window.server.host == LOOPBACK
    # The demo's throwaway port is not remembered as the user's server.
    assert Settings(settings.file_name).client_port == 2000


def test_every_string_in_the_chinese_catalogue_is_translated():
    import xml.etree.ElementTree as ET

    from chatapp.assets import resource_path

    ts = ET.parse(resource_path("translations", "chatapp_zh_CN.ts"))
    untranslated = [
        m.findtext("source")
        for m in ts.iter("message")
        if m.find("translation").get("type") in ("unfinished", "obsolete")
    ]
    assert untranslated == []
    assert resource_path("translations", "chatapp_zh_CN.qm").is_file()


def test_net_sentences_follow_the_chinese_ui(qtbot, chinese, server):
    from chatapp.net import ChatClient
    from chatapp.net.socket_errors import SocketError, describe_socket_error

    refused = describe_socket_error(SocketError.ConnectionRefusedError, "127.0.0.1", 2000)
    assert refused.startswith("连接 127.0.0.1:2000 被拒绝")
    client = ChatClient()
    with qtbot.waitSignal(server.notice_posted, timeout=5000) as notice:
        client.connect_to("127.0.0.1", server.port, "alice")
    assert notice.args[0].startswith("alice 从 127.0.0.1:")
    client.auto_reconnect = False
    client.disconnect_from_server()
