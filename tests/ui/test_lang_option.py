"""--lang picks the window's language for one run, without touching the settings."""

import pytest
from PySide6.QtCore import QLocale

from chatapp.app import i18n
from chatapp.app.cli import client_parser, server_parser
from chatapp.app.windows_main import demo_parser, make_app


@pytest.mark.parametrize("parser", [client_parser, server_parser, demo_parser])
def test_every_program_takes_lang_and_refuses_unknown_languages(parser, capsys):
    assert parser().parse_args(["--lang", "zh_CN"]).lang == "zh_CN"
    assert parser().parse_args([]).lang is None
    with pytest.raises(SystemExit):
        parser().parse_args(["--lang", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_lang_overrides_the_settings_for_this_run_only(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    settings.language = "en"
    before = QLocale()
    app = make_app(settings=settings, language="zh_CN")
    try:
        window = ClientWindow(settings=settings)
        qtbot.addWidget(window)
        assert window.connect_button.text() == "连接(&C)"
        assert settings.language == "en"  # remembered choice untouched
    finally:
        i18n.remove_translators(app)
        QLocale.setDefault(before)
