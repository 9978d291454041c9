"""Icons for widgets, loaded defensively: a missing icon never stops a window opening.

The lookup lives in chatapp.assets (it knows about bundles and wheels), at the
package's top level: it imports no widgets and nothing above ui/.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)


def icon(name: str) -> QIcon:
    try:
        from ..assets import icon as load_icon

        return load_icon(name)
    except Exception as exc:  # a broken install: show the button without its icon
        log.warning("icon %r unavailable: %s", name, exc)
        return QIcon()


def app_icon(kind: str) -> QIcon:
    try:
        from ..assets import app_icon as load_app_icon

        return load_app_icon(kind)  # type: ignore[arg-type]
    except Exception as exc:
        log.warning("app icon %r unavailable: %s", kind, exc)
        return QIcon()
