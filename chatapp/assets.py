"""Find the files under resources/ (icons, translations, styles) wherever chatapp runs.

At the package's top level so every layer may use it (ui/ for its icons, app/
for translations) without importing upward.

One lookup serves three situations; the first directory that exists wins:

1. ``CHATAPP_RESOURCES`` in the environment: an explicit override, for
   distribution packagers who move the data (e.g. to /usr/share/chatapp) and
   for tests.
2. A PyInstaller bundle (``sys.frozen`` and ``sys._MEIPASS``):
   ``<_MEIPASS>/chatapp/resources``. The spec must therefore collect the data
   as ``datas=[("resources", "chatapp/resources")]``, the same place it has in
   a wheel.
3. An installed wheel: ``<site-packages>/chatapp/resources``. pyproject.toml
   maps the top-level ``resources/`` folder to the data-only package
   ``chatapp.resources``, so ``pip install .`` puts it beside the code.
4. A source checkout, or ``pip install -e .`` (which runs the code in place):
   ``<repo>/resources``, recognised by the ``pyproject.toml`` beside it so that
   an unrelated top-level ``resources`` folder in site-packages is never taken.

Importing this module does not import Qt; only :func:`icon` and
:func:`app_icon` do, when called.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import chatapp

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

ENV_OVERRIDE = "CHATAPP_RESOURCES"

# The stroke colour the action icons are drawn with; icon(..., color=) swaps it.
ACTION_ICON_COLOR = "#7a7f85"

# Sizes that icon(..., color=) pre-renders; Qt scales from the nearest one.
_RECOLORED_SIZES = (16, 24, 32, 48, 64)

AppKind = Literal["server", "client"]


class ResourcesNotFoundError(FileNotFoundError):
    """No resources folder in any of the places chatapp looks (a broken install)."""


def _candidates() -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        found.append((ENV_OVERRIDE, Path(override)))
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        found.append(("frozen bundle", Path(meipass) / "chatapp" / "resources"))
    package_dir = Path(chatapp.__file__).resolve().parent
    found.append(("installed package", package_dir / "resources"))
    checkout = package_dir.parent
    if (checkout / "pyproject.toml").is_file():
        found.append(("source checkout", checkout / "resources"))
    return found


@functools.lru_cache(maxsize=1)
def resources_root() -> Path:
    """The resources folder in use; raises :class:`ResourcesNotFoundError` if none."""
    candidates = _candidates()
    for where, path in candidates:
        if path.is_dir():
            log.debug("resources from %s: %s", where, path)
            return path
    tried = ", ".join(f"{where} {path}" for where, path in candidates)
    raise ResourcesNotFoundError(
        f"chatapp cannot find its resources folder (tried: {tried}); "
        f"reinstall chatapp or set {ENV_OVERRIDE} to the folder"
    )


def resource_path(*parts: str) -> Path:
    """Path of a file or folder under resources/, e.g. ``resource_path("icons", "send.svg")``.

    The path is returned whether or not that file exists, so callers can probe
    for optional files (a translation that was not built) with ``.exists()``.
    """
    return resources_root().joinpath(*parts)


def icon_path(name: str) -> Path:
    """The SVG behind :func:`icon`: ``resources/icons/<name>.svg``."""
    return resource_path("icons", f"{name}.svg")


def icon(name: str, color: str | None = None) -> QIcon:
    """The action icon ``resources/icons/<name>.svg`` as a QIcon.

    *color* (any CSS colour Qt accepts, e.g. ``palette.windowText().color().name()``)
    redraws the icon's strokes in that colour, for themes where the default
    mid-grey is too faint. A missing icon logs a warning and gives an empty
    QIcon: a window without one icon is better than a window that fails to open.
    """
    from PySide6.QtGui import QIcon

    path = icon_path(name)
    if not path.is_file():
        log.warning("icon %r not found at %s", name, path)
        return QIcon()
    if color is None:
        return QIcon(str(path))
    svg = path.read_bytes().replace(ACTION_ICON_COLOR.encode(), color.encode())
    return _icon_from_svg_data(svg, _RECOLORED_SIZES)


def app_icon(kind: AppKind) -> QIcon:
    """The window and taskbar icon of the ``"server"`` or ``"client"`` app.

    Built from the SVG and the pre-rendered hicolor PNGs together, so it still
    shows if Qt's SVG icon-engine plugin is missing from a bundle.
    """
    from PySide6.QtGui import QIcon

    if kind not in ("server", "client"):
        raise ValueError(f"app_icon kind is 'server' or 'client', not {kind!r}")
    name = f"chatapp-{kind}"
    result = QIcon()
    for png in sorted(resource_path("icons", "hicolor").glob(f"*/apps/{name}.png")):
        result.addFile(str(png))
    svg = icon_path(name)
    if svg.is_file():
        result.addFile(str(svg))
    if result.isNull():
        log.warning("app icon %r not found under %s", name, resource_path("icons"))
    return result


def _icon_from_svg_data(svg: bytes, sizes: tuple[int, ...]) -> QIcon:
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    result = QIcon()
    if not renderer.isValid():
        return result
    for size in sizes:
        for scale in (1, 2):  # 2: crisp on high-DPI screens
            pixels = size * scale
            image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, pixels, pixels))
            painter.end()
            image.setDevicePixelRatio(scale)
            result.addPixmap(QPixmap.fromImage(image))
    return result
