"""resource_path/icon/app_icon from the source tree, and the lookup order for
the installed and frozen layouts (simulated here; test_wheel.py installs for real)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import chatapp
from chatapp import assets as resources

REPO = Path(__file__).resolve().parents[2]
ICONS = REPO / "resources" / "icons"
ACTION_ICONS = [
    "connect",
    "disconnect",
    "start",
    "stop",
    "send",
    "kick",
    "copy",
    "clear",
    "pause",
    "save",
]
APP_ICONS = ["chatapp-server", "chatapp-client"]


@pytest.fixture(autouse=True)
def _fresh_lookup(monkeypatch):
    monkeypatch.delenv(resources.ENV_OVERRIDE, raising=False)
    resources.resources_root.cache_clear()
    yield
    resources.resources_root.cache_clear()


def test_source_checkout_uses_top_level_resources():
    assert resources.resources_root() == REPO / "resources"


@pytest.mark.parametrize("name", ACTION_ICONS + APP_ICONS)
def test_every_icon_svg_is_found(name):
    path = resources.resource_path("icons", f"{name}.svg")
    assert path.is_file()
    assert path == resources.icon_path(name)


@pytest.mark.parametrize("size", [48, 256])
@pytest.mark.parametrize("name", APP_ICONS)
def test_hicolor_files_are_found(name, size):
    assert resources.resource_path(
        "icons", "hicolor", f"{size}x{size}", "apps", f"{name}.png"
    ).is_file()
    assert resources.resource_path("icons", "hicolor", "scalable", "apps", f"{name}.svg").is_file()


def test_resource_path_returns_paths_that_do_not_exist_yet():
    path = resources.resource_path("translations", "chatapp_xx.qm")
    assert path.parent == REPO / "resources" / "translations"
    assert not path.exists()


def test_importing_resources_does_not_import_qt():
    code = "import sys, chatapp.assets; print('PySide6' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "False"


def _opaque_pixels(qicon, size):
    image = qicon.pixmap(size, size).toImage()
    return sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 0
    )


@pytest.mark.parametrize("name", ACTION_ICONS)
def test_icon_draws_something(qapp, name):
    qicon = resources.icon(name)
    assert not qicon.isNull()
    assert _opaque_pixels(qicon, 24) > 20


def test_icon_recolored(qapp):
    qicon = resources.icon("send", color="#ff0000")
    assert not qicon.isNull()
    image = qicon.pixmap(24, 24).toImage()
    colors = {
        image.pixelColor(x, y).name()
        for x in range(24)
        for y in range(24)
        if image.pixelColor(x, y).alpha() == 255
    }
    assert colors == {"#ff0000"}


def test_action_icons_use_the_color_icon_recolors():
    for name in ACTION_ICONS:
        assert resources.ACTION_ICON_COLOR in (ICONS / f"{name}.svg").read_text()


def test_missing_icon_is_empty_not_an_exception(qapp, caplog):
    assert resources.icon("no-such-icon").isNull()
    assert "no-such-icon" in caplog.text


@pytest.mark.parametrize("kind", ["server", "client"])
def test_app_icon(qapp, kind):
    qicon = resources.app_icon(kind)
    assert not qicon.isNull()
    sizes = {(s.width(), s.height()) for s in qicon.availableSizes()}
    assert {(48, 48), (256, 256)} <= sizes
    assert _opaque_pixels(qicon, 16) > 50


def test_app_icon_rejects_unknown_kind():
    with pytest.raises(ValueError, match="server"):
        resources.app_icon("demo")


def _fake_tree(root: Path) -> Path:
    (root / "icons").mkdir(parents=True)
    (root / "icons" / "send.svg").write_text("<svg/>")
    return root


def test_env_override_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(resources.ENV_OVERRIDE, str(_fake_tree(tmp_path / "res")))
    assert resources.resource_path("icons", "send.svg") == tmp_path / "res" / "icons" / "send.svg"


def test_frozen_bundle_uses_meipass(tmp_path, monkeypatch):
    bundle = tmp_path / "_MEI12345"
    _fake_tree(bundle / "chatapp" / "resources")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources.resources_root() == bundle / "chatapp" / "resources"


def test_frozen_flag_without_meipass_falls_through(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources.resources_root() == REPO / "resources"


def _run_in_fake_site(site: Path) -> str:
    code = textwrap.dedent("""
        from chatapp import assets as resources
        try:
            print(resources.resources_root())
        except resources.ResourcesNotFoundError as exc:
            print("ERROR", exc)
    """)
    # -I: neither the working directory nor PYTHONPATH may bring in the checkout.
    prelude = f"import sys; sys.path.insert(0, {str(site)!r})\n"
    out = subprocess.run(
        [sys.executable, "-I", "-c", prelude + code], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def _copy_package(site: Path) -> None:
    pkg = site / "chatapp"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(Path(chatapp.__file__).read_text())
    (pkg / "assets.py").write_text(Path(resources.__file__).read_text())


def test_installed_layout_uses_package_data(tmp_path):
    site = tmp_path / "site-packages"
    _copy_package(site)
    _fake_tree(site / "chatapp" / "resources")
    assert _run_in_fake_site(site) == str(site / "chatapp" / "resources")


def test_installed_layout_ignores_stray_top_level_resources(tmp_path):
    # Another distribution's top-level "resources" folder must not be taken for ours.
    site = tmp_path / "site-packages"
    _copy_package(site)
    _fake_tree(site / "resources")
    out = _run_in_fake_site(site)
    assert out.startswith("ERROR")
    assert "CHATAPP_RESOURCES" in out
