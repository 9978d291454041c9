"""Translations: English (the source strings) and Simplified Chinese.

The language follows the system unless the settings name one. Sources are
resources/translations/chatapp_<lang>.ts; the .qm files beside them are built
with `pyside6-lrelease` (see tools/update_translations.py) and committed, so a
checkout runs without the Qt tools.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..assets import resource_path

log = logging.getLogger(__name__)

CATALOG = "chatapp"
SOURCE_LANGUAGE = "en"

# Keep the translators alive for as long as the application: Qt does not own them.
_installed: list[QTranslator] = []


def translations_dir() -> str:
    return str(resource_path("translations"))


def locale_for(language: str) -> QLocale:
    """ "" means the system's locale; otherwise a name such as "zh_CN"."""
    return QLocale(language) if language else QLocale.system()


def install_translators(app: QCoreApplication, language: str = "") -> str:
    """Load chatapp's catalogue and Qt's own (standard dialogs) for the language.

    Returns the language in use: "zh_CN", or "en" when the wanted language has
    no catalogue (the source strings are English).
    """
    remove_translators(app)
    locale = locale_for(language)
    if locale.language() in (QLocale.Language.English, QLocale.Language.C):
        return SOURCE_LANGUAGE
    ours = QTranslator(app)
    if not ours.load(locale, CATALOG, "_", translations_dir()):
        log.info("no chatapp translation for %s; using English", locale.name())
        return SOURCE_LANGUAGE
    app.installTranslator(ours)
    _installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase", "qt"):
        qt = QTranslator(app)
        if qt.load(locale, catalog, "_", qt_dir):
            app.installTranslator(qt)
            _installed.append(qt)
            break
    QLocale.setDefault(locale)
    return ours.language().replace("-", "_") or locale.name()


def remove_translators(app: QCoreApplication) -> None:
    while _installed:
        app.removeTranslator(_installed.pop())
