"""The committed PNG/ICO files match the SVG sources in shape (sizes, copies).

Pixels are not compared byte for byte: another Qt version anti-aliases a little
differently. Rerun `python packaging/render_icons.py` after editing an SVG.
"""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ICONS = REPO / "resources" / "icons"


def _load_render_icons():
    spec = importlib.util.spec_from_file_location(
        "render_icons", REPO / "packaging" / "render_icons.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render_icons = _load_render_icons()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("name", render_icons.APP_ICONS)
def test_scalable_copy_matches_source(name):
    copy = ICONS / "hicolor" / "scalable" / "apps" / f"{name}.svg"
    assert copy.read_bytes() == (ICONS / f"{name}.svg").read_bytes()


@pytest.mark.parametrize("size", render_icons.HICOLOR_SIZES)
@pytest.mark.parametrize("name", render_icons.APP_ICONS)
def test_hicolor_png_sizes(name, size):
    png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{name}.png"
    assert _png_size(png.read_bytes()) == (size, size)


@pytest.mark.parametrize("name", render_icons.APP_ICONS)
def test_windows_ico_has_every_size(name):
    data = (REPO / "packaging" / "windows" / f"{name}.ico").read_bytes()
    assert render_icons.read_ico_sizes(data) == list(render_icons.ICO_SIZES)
    for i, size in enumerate(render_icons.ICO_SIZES):
        _w, _h, _colors, _res, planes, bpp, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i
        )
        assert (planes, bpp) == (1, 32)
        assert _png_size(data[offset : offset + length]) == (size, size)


def test_build_ico_round_trip(qapp):
    pngs = {size: render_icons.render_png(ICONS / "send.svg", size) for size in (16, 256)}
    data = render_icons.build_ico(pngs)
    assert render_icons.read_ico_sizes(data) == [16, 256]
    assert data[6] == 16 and data[6 + 16] == 0  # 256 is written as 0


def test_every_svg_parses_in_qt(qapp):
    from PySide6.QtSvg import QSvgRenderer

    for svg in ICONS.rglob("*.svg"):
        assert QSvgRenderer(str(svg)).isValid(), svg


def test_action_icons_are_24px_grid():
    for svg in ICONS.glob("*.svg"):
        if svg.stem not in render_icons.APP_ICONS:
            assert 'viewBox="0 0 24 24"' in svg.read_text(), svg


@pytest.mark.parametrize("name", render_icons.APP_ICONS)
def test_macos_icns_has_every_size(name):
    data = (REPO / "packaging" / "macos" / f"{name}.icns").read_bytes()
    elements = render_icons.read_icns_types(data)
    assert [kind for kind, _png in elements] == [kind for kind, _ in render_icons.ICNS_TYPES]
    for (_kind, png), (_, size) in zip(elements, render_icons.ICNS_TYPES, strict=True):
        assert _png_size(png) == (size, size)
