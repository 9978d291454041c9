"""`CHATAPP_BUNDLE_CHECK=1 chatapp-client`: check the resources from inside the bundle.

Prints one JSON object on stdout and exits (0 when every check passed), so a
test, or someone looking at a broken install, sees whether the frozen program
finds its icons and translations and whether Qt's plugins can draw them. It
runs the same lookups the windows use (chatapp.assets, QTranslator),
so it fails where they would. Set QT_QPA_PLATFORM=offscreen to run it without
a display.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _drawn(qicon, size: int = 32) -> bool:
    """True when the icon paints at least one visible pixel at *size*."""
    image = qicon.pixmap(size, size).toImage()
    return any(
        image.pixelColor(x, y).alpha() > 0
        for x in range(image.width())
        for y in range(image.height())
    )


def run() -> int:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QGuiApplication, QIcon, QImageReader

    from chatapp import assets as resources

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (icons need a GUI application)
    report: dict = {"frozen": bool(getattr(sys, "frozen", False))}
    problems: list[str] = []

    root = resources.resources_root()
    bundle = Path(getattr(sys, "_MEIPASS", "")).resolve()
    report["resources_root"] = str(root)
    report["resources_in_bundle"] = bool(bundle.parts) and root.resolve().is_relative_to(bundle)
    if not report["resources_in_bundle"]:
        problems.append(f"resources come from {root}, not from the bundle {bundle}")

    report["image_formats"] = sorted(
        bytes(f).decode() for f in QImageReader.supportedImageFormats()
    )
    if "svg" not in report["image_formats"]:
        problems.append("Qt cannot read SVG: the imageformats/qsvg plugin is missing")

    report["app_icons"] = {}
    for kind in ("server", "client"):
        drawn = _drawn(resources.app_icon(kind))
        # The SVG alone, through Qt's SVG icon engine plugin.
        svg_drawn = _drawn(QIcon(str(resources.icon_path(f"chatapp-{kind}"))))
        report["app_icons"][kind] = {"drawn": drawn, "svg_drawn": svg_drawn}
        if not (drawn and svg_drawn):
            problems.append(f"the {kind} icon does not draw (png+svg: {drawn}, svg: {svg_drawn})")

    action_icons = sorted(p.stem for p in resources.resource_path("icons").glob("*.svg"))
    undrawn = [name for name in action_icons if not _drawn(resources.icon(name))]
    report["action_icons"] = {"count": len(action_icons), "undrawn": undrawn}
    if undrawn:
        problems.append(f"action icons that do not draw: {', '.join(undrawn)}")

    report["translations"] = {}
    for qm in sorted(resources.resource_path("translations").glob("*.qm")):
        loaded = QTranslator().load(str(qm))
        report["translations"][qm.name] = loaded
        if not loaded:
            problems.append(f"translation {qm.name} does not load")

    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase_zh = QTranslator().load(QLocale("zh_CN"), "qtbase", "_", qt_dir)
    report["qt_translations"] = {"dir": qt_dir, "qtbase_zh_CN": qtbase_zh}
    if not qtbase_zh:
        problems.append(f"Qt's own Chinese catalogue qtbase_zh_CN.qm is not in {qt_dir}")

    report["problems"] = problems
    print(json.dumps(report, indent=2, ensure_ascii=False), flush=True)
    return 1 if problems else 0
