"""One typed wrapper over QSettings, for everything chatapp remembers.

Stored as an INI file so people (and teachers) can read and edit it. Tests and
tools point it at a temporary file, either by passing `path` or by setting
CHATAPP_SETTINGS_FILE, so a test run never touches the user's own settings.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from .. import APP_NAME
from ..protocol import is_valid_nick

ENV_SETTINGS_FILE = "CHATAPP_SETTINGS_FILE"
DEFAULT_PORT = 2000  # the Winsock demo's port; the server's default too
LANGUAGES = ("", "en", "zh_CN")  # "" follows the system
THEMES = ("system", "light", "dark")
RECENT_SERVERS_KEPT = 8
CHAT_ZOOM_RANGE = (-6, 12)  # points added to the chat's font size


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

    @property
    def recent_servers(self) -> list[tuple[str, int, str]]:
        """(host, port, nick) of the servers connected to, most recent first.

        Kept as one JSON string: QSettings' INI lists come back as a bare string
        when they hold one item, and a person can still read and edit it."""
        try:
            raw = json.loads(self._str("client/recent", "[]"))
        except ValueError:
            return []
        servers: list[tuple[str, int, str]] = []
        for item in raw if isinstance(raw, list) else []:
            if (
                isinstance(item, list)
                and len(item) == 3
                and isinstance(item[0], str)
                and item[0]
                and isinstance(item[1], int)
                and 1 <= item[1] <= 65535
                and isinstance(item[2], str)
            ):
                servers.append((item[0], item[1], item[2]))
        return servers[:RECENT_SERVERS_KEPT]

    def add_recent_server(self, host: str, port: int, nick: str) -> None:
        """Put a server first in the list (once: the same host and port move up)."""
        others = [
            s for s in self.recent_servers if (s[0].casefold(), s[1]) != (host.casefold(), port)
        ]
        servers = [(host, int(port), nick), *others][:RECENT_SERVERS_KEPT]
        self._q.setValue("client/recent", json.dumps([list(s) for s in servers]))

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

    @property
    def chat_zoom(self) -> int:
        """Points added to the chat's font size (Ctrl++ / Ctrl+-), 0 by default."""
        return self._int("ui/chat_zoom", 0, *CHAT_ZOOM_RANGE)

    @chat_zoom.setter
    def chat_zoom(self, value: int) -> None:
        self._q.setValue("ui/chat_zoom", int(value))

    # --- lab window ------------------------------------------------------------

    @property
    def lab_zoom(self) -> int:
        """Points added to the lab window's font size (Ctrl++ / Ctrl+-), for projectors."""
        return self._int("lab/zoom", 0, *CHAT_ZOOM_RANGE)

    @lab_zoom.setter
    def lab_zoom(self, value: int) -> None:
        self._q.setValue("lab/zoom", int(value))

    @property
    def last_lab(self) -> str:
        """The lab shown when the lab window last closed (its page's class name)."""
        return self._str("lab/last", "")

    @last_lab.setter
    def last_lab(self, value: str) -> None:
        self._q.setValue("lab/last", value)

    # --- window layout (opaque blobs from saveGeometry/saveState) --------------

    def splitter_state(self, name: str, splitter: str) -> QByteArray | None:
        value = self._q.value(f"windows/{name}/{splitter}")
        return value if isinstance(value, QByteArray) else None

    def set_splitter_state(self, name: str, splitter: str, blob: QByteArray) -> None:
        self._q.setValue(f"windows/{name}/{splitter}", blob)

    def inspect_shown(self, name: str, default: bool) -> bool:
        """Whether the window shows its teaching panels (the Inspect mode)."""
        value = self._q.value(f"windows/{name}/inspect", default)
        if isinstance(value, str):  # the INI file gives back "true" / "false"
            return value.lower() == "true"
        return value if isinstance(value, bool) else default

    def set_inspect_shown(self, name: str, shown: bool) -> None:
        self._q.setValue(f"windows/{name}/inspect", bool(shown))

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
