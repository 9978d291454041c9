"""Where chatapp keeps its data (the server's chat history).

Order of preference: the --data-dir option, then the CHATAPP_DATA_DIR
environment variable (tests, drills and services set it), then the platform's
per-user application data folder:

- Linux:   ~/.local/share/chatapp  (or $XDG_DATA_HOME/chatapp)
- macOS:   ~/Library/Application Support/chatapp
- Windows: %APPDATA%/chatapp

The folder is not created here; HistoryStore.start() creates it and reports
a readable error when it cannot.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from .. import APP_NAME

ENV_DATA_DIR = "CHATAPP_DATA_DIR"


def default_data_dir() -> Path:
    """The per-user data folder for chatapp, with or without a QCoreApplication.

    QStandardPaths builds AppDataLocation from the application's organization
    and application names. Those are pinned to ("", "chatapp") while asking,
    and restored afterwards, so the answer is the same whether or not a
    QCoreApplication exists and whatever names it was given.
    """
    saved = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    try:
        QCoreApplication.setOrganizationName("")
        QCoreApplication.setApplicationName(APP_NAME)
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QCoreApplication.setOrganizationName(saved[0])
        QCoreApplication.setApplicationName(saved[1])
    if location and Path(location).name == APP_NAME:
        return Path(location)
    return Path.home() / ".local" / "share" / APP_NAME


def resolve_data_dir(option: str | os.PathLike[str] | None) -> Path:
    """The data folder to use: --data-dir if given, else $CHATAPP_DATA_DIR, else the default."""
    chosen = option if option not in (None, "") else os.environ.get(ENV_DATA_DIR) or None
    if chosen is None:
        return default_data_dir()
    return Path(chosen).expanduser().absolute()
