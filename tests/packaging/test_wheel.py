"""The built wheel ships the code and the resources, and an installed chatapp
(regular and editable) finds its resources.

The slow tests build offline (CI runs the suite with no network), with
--no-build-isolation and the setuptools of the environment running the tests,
and install into throwaway venvs that see that environment's packages (PySide6)
through a .pth file placed after their own site-packages.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

REPO = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent("""
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import chatapp
    from chatapp import assets as resources
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication([])
    print(json.dumps({
        "package": str(chatapp.__file__),
        "root": str(resources.resources_root()),
        "send_icon": not resources.icon("send").isNull()
                     and not resources.icon("send").pixmap(24, 24).isNull(),
        "server_icon": not resources.app_icon("server").isNull(),
        "client_icon": not resources.app_icon("client").isNull(),
    }))
""")


def _source_packages() -> set[str]:
    """Dotted names of the folders under chatapp/ that hold Python modules."""
    found = set()
    for py in (REPO / "chatapp").rglob("*.py"):
        if "__pycache__" not in py.parts:
            found.add(".".join(py.parent.relative_to(REPO).parts))
    return found


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_pyproject_lists_every_code_package():
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    missing = _source_packages() - listed
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_pyproject_maps_resources_into_the_package():
    setuptools = _pyproject()["tool"]["setuptools"]
    assert "chatapp.resources" in setuptools["packages"]
    assert setuptools["package-dir"]["chatapp.resources"] == "resources"
    assert setuptools["package-data"]["chatapp.resources"] == ["**/*"]


def _resource_files() -> list[str]:
    root = REPO / "resources"
    return sorted(
        str(p.relative_to(root).as_posix())
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def _source_copy(dest: Path) -> Path:
    """A clean copy of what a build reads, so builds leave nothing in the checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("chatapp", "resources"):
        shutil.copytree(REPO / name, dest / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    return dest


def _run(*args, cwd=None, timeout=300):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CHATAPP_RESOURCES")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"{args} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _offline_build_problem() -> str | None:
    """Why this environment cannot build chatapp without the network, or None."""
    try:
        import setuptools
    except ImportError:
        return "setuptools is not installed"
    wanted = "0"
    for requirement in _pyproject()["build-system"]["requires"]:
        match = re.fullmatch(r"setuptools\s*>=\s*([\d.]+)", requirement.strip())
        if match:
            wanted = match.group(1)
    if _version(setuptools.__version__) < _version(wanted):
        return (
            f"setuptools {setuptools.__version__} is older than the {wanted} that "
            f"pyproject.toml asks for; pip install 'setuptools>={wanted}'"
        )
    if _version(setuptools.__version__) < (70, 1) and importlib.util.find_spec("wheel") is None:
        return (
            f"setuptools {setuptools.__version__} needs the 'wheel' package to build "
            "wheels; pip install wheel"
        )
    return None


@pytest.fixture(scope="module")
def offline_build():
    problem = _offline_build_problem()
    if problem:
        pytest.skip(f"cannot build without the network: {problem}")


def _venv(path: Path) -> Path:
    _run(sys.executable, "-m", "venv", "--without-pip", path)
    python = path / ("Scripts" if os.name == "nt" else "bin") / "python"
    # The venv's own site-packages first (the chatapp under test), then every
    # package of the environment running the tests: PySide6, pip, setuptools.
    venv_site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip()
    )
    # Only site-packages folders: never the checkout, whose chatapp would shadow
    # an editable install's import hook.
    ours = dict.fromkeys(
        entry for entry in sys.path if Path(entry).name in ("site-packages", "dist-packages")
    )
    (venv_site / "zz_test_env.pth").write_text("\n".join(ours) + "\n")
    return python


def _probe(python: Path, cwd: Path) -> dict:
    return json.loads(_run(python, "-c", PROBE, cwd=cwd).strip().splitlines()[-1])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, offline_build) -> Path:
    src = _source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheelhouse")
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        out,
        src,
    )
    (built,) = out.glob("chatapp-*.whl")
    return built


@pytest.mark.slow
def test_wheel_ships_every_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in _resource_files() if f"chatapp/resources/{f}" not in names]
    assert not missing
    assert not [n for n in names if n.startswith("resources/")], "resources must not be top-level"


@pytest.mark.slow
def test_wheel_ships_every_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / "chatapp").rglob("*.py")
        if "__pycache__" not in p.parts
    )
    assert [m for m in modules if m not in names] == []


@pytest.mark.slow
def test_installed_wheel_finds_resources(wheel, tmp_path):
    python = _venv(tmp_path / "venv")
    _run(python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q", wheel)
    result = _probe(python, cwd=tmp_path)  # not the checkout: nothing may come from it
    package_dir = Path(result["package"]).parent
    assert tmp_path / "venv" in package_dir.parents
    assert Path(result["root"]) == package_dir / "resources"
    assert result["send_icon"] and result["server_icon"] and result["client_icon"]


@pytest.mark.slow
def test_editable_install_uses_the_checkout(tmp_path, offline_build):
    src = _source_copy(tmp_path / "src")
    python = _venv(tmp_path / "venv")
    _run(python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q", "-e", src)
    result = _probe(python, cwd=tmp_path)
    assert Path(result["package"]).resolve() == (src / "chatapp" / "__init__.py").resolve()
    assert Path(result["root"]).resolve() == (src / "resources").resolve()
    assert result["send_icon"] and result["server_icon"] and result["client_icon"]
