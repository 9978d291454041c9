"""macOS bundle metadata and the Windows version resource follow chatapp.__version__."""

from __future__ import annotations

import importlib.util
import plistlib
from pathlib import Path

import pytest

import chatapp

REPO = Path(__file__).resolve().parents[2]


def _load(relpath: str, name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / relpath)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_info = _load("packaging/macos/bundle_info.py", "bundle_info")
version_info = _load("packaging/windows/version_info.py", "version_info")


@pytest.mark.parametrize("kind", ["server", "client"])
def test_bundle_kwargs(kind):
    kwargs = bundle_info.bundle_kwargs(kind, chatapp.__version__)
    assert kwargs["bundle_identifier"] == f"org.chatapp.{kind}"
    assert Path(kwargs["icon"]).is_file()
    assert kwargs["name"].endswith(".app")
    plist = plistlib.loads(plistlib.dumps(kwargs["info_plist"]))
    assert plist["NSHighResolutionCapable"] is True
    assert "local network" in plist["NSLocalNetworkUsageDescription"]
    assert plist["CFBundleShortVersionString"] == chatapp.__version__
    assert "zh-Hans" in plist["CFBundleLocalizations"]


def test_bundle_kwargs_rejects_unknown_kind():
    with pytest.raises(ValueError):
        bundle_info.bundle_kwargs("demo", "0.1.0")


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", "0.1.0"), ("0.2.0rc1", "0.2.0"), ("1.2.3.4", "1.2.3"), ("2", "2"), ("dev", "0")],
)
def test_bundle_version(version, expected):
    assert bundle_info.bundle_version(version) == expected


def test_version_info_reads_the_package_version():
    assert version_info.project_version() == chatapp.__version__


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", (0, 1, 0, 0)), ("0.2.0rc1", (0, 2, 0, 0)), ("1.2.3.4.5", (1, 2, 3, 4))],
)
def test_version_tuple(version, expected):
    assert version_info.version_tuple(version) == expected


def test_version_tuple_rejects_numbers_windows_cannot_hold():
    with pytest.raises(ValueError, match="65535"):
        version_info.version_tuple("70000.0")


class _Recorder:
    """Stands in for each PyInstaller versioninfo class: records its arguments."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


def _evaluate(text: str):
    names = [
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    ]
    return eval(text, {name: type(name, (_Recorder,), {}) for name in names})


@pytest.mark.parametrize("kind", ["server", "client"])
def test_version_file_structure(kind):
    info = _evaluate(version_info.render(kind))
    numbers = version_info.version_tuple(chatapp.__version__)
    assert info.kwargs["ffi"].kwargs["filevers"] == numbers
    assert info.kwargs["ffi"].kwargs["prodvers"] == numbers
    string_file_info, var_file_info = info.kwargs["kids"]
    tables = string_file_info.args[0]
    assert [t.args[0] for t in tables] == ["040904B0", "080404B0"]
    for table in tables:
        strings = dict(s.args for s in table.args[1])
        assert strings["FileVersion"] == chatapp.__version__
        assert strings["ProductVersion"] == chatapp.__version__
        assert strings["OriginalFilename"] == f"chatapp-{kind}.exe"
    assert var_file_info.args[0][0].args == ("Translation", [0x0409, 1200, 0x0804, 1200])


def test_version_file_written(tmp_path):
    path = version_info.write_version_file("client", tmp_path / "sub" / "v.txt", "3.4.5")
    text = path.read_text(encoding="utf-8")
    assert "filevers=(3, 4, 5, 0)" in text
    assert "聊天客户端" in text


def test_version_file_parses_in_pyinstaller(tmp_path):
    pytest.importorskip("PyInstaller")
    pytest.importorskip("pefile")
    import PyInstaller.compat

    if not hasattr(PyInstaller.compat, "win32api"):  # only set on Windows
        PyInstaller.compat.win32api = None
    from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file

    path = version_info.write_version_file("server", tmp_path / "v.txt")
    parsed = load_version_info_from_text_file(str(path))
    assert len(parsed.toRaw()) > 500
