"""Regenerate every raster icon from the SVG sources in resources/icons/.

Run from anywhere, with only PySide6 installed:

    python packaging/render_icons.py            # rewrite the PNG/ICO files
    python packaging/render_icons.py --check    # exit 1 if any output is stale/missing

Outputs (all derived, all committed so that builds need no Qt at build time):

    resources/icons/hicolor/scalable/apps/chatapp-{server,client}.svg   (copies)
    resources/icons/hicolor/{48x48,256x256}/apps/chatapp-{server,client}.png
    packaging/windows/chatapp-{server,client}.ico   (16, 24, 32, 48, 64, 128, 256 px)
    packaging/macos/chatapp-{server,client}.icns    (16 to 512 px, 1x and 2x)

The .ico and .icns containers are written here by hand with PNG entries (which
Windows reads since Vista and macOS since 10.7), so no imaging library is needed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ICONS = REPO / "resources" / "icons"
HICOLOR = ICONS / "hicolor"
WINDOWS = REPO / "packaging" / "windows"
MACOS = REPO / "packaging" / "macos"

APP_ICONS = ("chatapp-server", "chatapp-client")
HICOLOR_SIZES = (48, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# .icns element types that hold PNG data, and their pixel sizes (2x = retina).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256@2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
)


def _ensure_app() -> QGuiApplication:
    # QPainter on a QImage wants a QGuiApplication; offscreen needs no display.
    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def render_png(svg: Path, size: int) -> bytes:
    """Render *svg* to a square RGBA PNG of *size* pixels and return its bytes."""
    _ensure_app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: Qt cannot parse this SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise RuntimeError(f"{svg}: Qt could not encode a {size}px PNG")
    buffer.close()
    return bytes(data.data())


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """Pack square PNG images (size -> bytes) into one .ico file."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        if not 1 <= size <= 256:
            raise ValueError(f"ICO entries are 1..256 px, not {size}")
        blob = pngs[size]
        dim = 0 if size == 256 else size  # 0 means 256 in the directory entry
        # width, height, palette colours, reserved, colour planes, bits per pixel, size, offset
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def build_icns(pngs: dict[int, bytes]) -> bytes:
    """Pack PNG images (size -> bytes, every size ICNS_TYPES names) into one .icns file."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_icns_types(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, payload) of every element of an .icns file (for checks and tests)."""
    if data[:4] != b"icns" or struct.unpack_from(">I", data, 4)[0] != len(data):
        raise ValueError("not an .icns file")
    elements, pos = [], 8
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack_from(">I", data, pos + 4)[0]
        elements.append((kind, data[pos + 8 : pos + length]))
        pos += length
    return elements


def read_ico_sizes(data: bytes) -> list[int]:
    """Return the pixel sizes listed in an .ico file's directory (for checks and tests)."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if reserved != 0 or kind != 1:
        raise ValueError("not an .ico file")
    sizes = []
    for i in range(count):
        width = struct.unpack_from("<B", data, 6 + 16 * i)[0]
        sizes.append(width or 256)
    return sizes


def planned_outputs() -> dict[Path, bytes]:
    """Every derived file and the bytes it should contain."""
    outputs: dict[Path, bytes] = {}
    for name in APP_ICONS:
        svg = ICONS / f"{name}.svg"
        outputs[HICOLOR / "scalable" / "apps" / f"{name}.svg"] = svg.read_bytes()
        sizes = set(HICOLOR_SIZES) | set(ICO_SIZES) | {size for _kind, size in ICNS_TYPES}
        rendered = {size: render_png(svg, size) for size in sizes}
        for size in HICOLOR_SIZES:
            outputs[HICOLOR / f"{size}x{size}" / "apps" / f"{name}.png"] = rendered[size]
        outputs[WINDOWS / f"{name}.ico"] = build_ico({s: rendered[s] for s in ICO_SIZES})
        outputs[MACOS / f"{name}.icns"] = build_icns(rendered)
    return outputs


def contact_sheet(out: Path) -> None:
    """Every icon at its real sizes on a light and a dark band, plus 4x zooms of
    the smallest app icon sizes (nearest neighbour, to judge the pixels)."""
    _ensure_app()
    actions = sorted(p for p in ICONS.glob("*.svg") if p.stem not in APP_ICONS)
    band_h, pad = 330, 8
    width = max(
        sum(ICO_SIZES) + pad * (len(ICO_SIZES) + 1) + 2 * (4 * 24 + pad),
        len(actions) * (48 + 24 + 16 + 3 * pad) + pad,
    )
    sheet = QImage(width, 4 * band_h, QImage.Format.Format_ARGB32)
    painter = QPainter(sheet)
    for band, bg in enumerate(("#ffffff", "#f1f3f4", "#202124", "#3c4043")):
        top = band * band_h
        painter.fillRect(0, top, width, band_h, QColor(bg))
        x = pad
        name = APP_ICONS[band % 2]
        for size in ICO_SIZES:
            img = QImage.fromData(render_png(ICONS / f"{name}.svg", size))
            painter.drawImage(x, top + pad, img)
            x += size + pad
        for size in (16, 24):
            img = QImage.fromData(render_png(ICONS / f"{name}.svg", size))
            painter.drawImage(x, top + pad, img.scaled(4 * 24, 4 * 24 * size // 24))
            x += 4 * 24 + pad
        x, y = pad, top + 256 + 2 * pad
        for svg in actions:
            for size in (48, 24, 16):
                img = QImage.fromData(render_png(svg, size))
                painter.drawImage(x, y, img)
                x += size + pad
    painter.end()
    sheet.save(str(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if an output is missing or differs",
    )
    parser.add_argument(
        "--preview",
        type=Path,
        metavar="DIR",
        help="also write every rendered size as PNG into DIR, for a look",
    )
    args = parser.parse_args(argv)

    stale = []
    for path, data in planned_outputs().items():
        current = path.read_bytes() if path.exists() else None
        if current == data:
            continue
        rel = path.relative_to(REPO)
        if args.check:
            stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {rel}")

    if args.preview:
        args.preview.mkdir(parents=True, exist_ok=True)
        for name in APP_ICONS:
            for size in ICO_SIZES:
                out = args.preview / f"{name}-{size}.png"
                out.write_bytes(render_png(ICONS / f"{name}.svg", size))
        for svg in sorted(ICONS.glob("*.svg")):
            if svg.stem not in APP_ICONS:
                for size in (16, 24, 48):
                    (args.preview / f"{svg.stem}-{size}.png").write_bytes(render_png(svg, size))
        contact_sheet(args.preview / "sheet.png")
        print(f"previews and sheet.png in {args.preview}")

    if stale:
        print("stale or missing (run python packaging/render_icons.py):", file=sys.stderr)
        for rel in stale:
            print(f"  {rel}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
