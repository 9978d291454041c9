"""One typed wrapper over QSettings, for everything chatapp remembers.

Stored as an INI file so people (and teachers) can read and edit it. Tests and
tools point it at a temporary file, either by passing `path` or by setting
CHATAPP_SETTINGS_FILE, so a test run never touches the user's own settings.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from .. import APP_NAME
from ..protocol import is_valid_nick

ENV_SETTINGS_FILE = "CHATAPP_SETTINGS_FILE"
DEFAULT_PORT = 2000  # the Winsock demo's port; the server's default too
LANGUAGES = ("", "en", "zh_CN")  # "" follows the system
THEMES = ("system", "light", "dark")


def default_nick() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no login name (some containers, services): fall back
        name = ""
    name = "".join(name.split())[:32]
    return name if is_valid_nick(name) else "guest"


class Settings:
    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        path = path or os.environ.get(ENV_SETTINGS_FILE) or None
        if path is not None:
            self._q = QSettings(str(Path(path)), QSettings.Format.IniFormat)
        else:
            self._q = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME
            )

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    def sync(self) -> None:
        self._q.sync()

    # QSettings' INI backend returns strings for everything it read back from
    # disk, so every getter converts and falls back to its default.

    def _str(self, key: str, default: str) -> str:
        value = self._q.value(key, default)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        raw = self._q.value(key, default)
        try:
            value = int(raw) if isinstance(raw, (int, str)) else default
        except ValueError:
            return default
        return value if low <= value <= high else default

    # --- client window ---------------------------------------------------------

    @property
    def client_host(self) -> str:
        return self._str("client/host", "127.0.0.1")

    @client_host.setter
    def client_host(self, value: str) -> None:
        self._q.setValue("client/host", value)

    @property
    def client_port(self) -> int:
        return self._int("client/port", DEFAULT_PORT, 1, 65535)

    @client_port.setter
    def client_port(self, value: int) -> None:
        self._q.setValue("client/port", int(value))

    @property
    def client_nick(self) -> str:
        nick = self._str("client/nick", "")
        return nick if is_valid_nick(nick) else default_nick()

    @client_nick.setter
    def client_nick(self, value: str) -> None:
        self._q.setValue("client/nick", value)

    # --- server window ---------------------------------------------------------

    @property
    def server_host(self) -> str:
        return self._str("server/host", "0.0.0.0")

    @server_host.setter
    def server_host(self, value: str) -> None:
        self._q.setValue("server/host", value)

    @property
    def server_port(self) -> int:
        return self._int("server/port", DEFAULT_PORT, 0, 65535)

    @server_port.setter
    def server_port(self, value: int) -> None:
        self._q.setValue("server/port", int(value))

    # --- appearance ------------------------------------------------------------

    @property
    def language(self) -> str:
        """ "" follows the system; otherwise a locale name such as "zh_CN"."""
        value = self._str("ui/language", "")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", value)

    @property
    def theme(self) -> str:
        value = self._str("ui/theme", "system")
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._q.setValue("ui/theme", value)

    # --- window layout (opaque blobs from saveGeometry/saveState) --------------

    def window_geometry(self, name: str) -> QByteArray | None:
        value = self._q.value(f"windows/{name}/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_window_geometry(self, name: str, blob: QByteArray) -> None:
        self._q.setValue(f"windows/{name}/geometry", blob)

    def window_state(self, name: str) -> QByteArray | None:
        value = self._q.value(f"windows/{name}/state")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, name: str, blob: QByteArray) -> None:
        self._q.setValue(f"windows/{name}/state", blob)
