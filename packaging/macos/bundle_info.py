"""macOS app-bundle metadata for the server and client apps.

The PyInstaller spec (to come) passes these straight to BUNDLE:

    sys.path.insert(0, str(Path(SPECPATH) / "macos"))  # or wherever this file is
    from bundle_info import bundle_kwargs
    app = BUNDLE(coll, **bundle_kwargs("server", version))

Run it to see the Info.plist keys it adds, as the XML a bundle will carry:

    python packaging/macos/bundle_info.py server [VERSION]
"""

from __future__ import annotations

import plistlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

APPS = {
    "server": {
        "name": "Chatapp Server",
        "identifier": "org.chatapp.server",
        # Shown by macOS 15+ when the app first reaches the local network.
        "local_network": (
            "Chatapp Server listens for chat connections from computers on your local network."
        ),
    },
    "client": {
        "name": "Chatapp Client",
        "identifier": "org.chatapp.client",
        "local_network": (
            "Chatapp Client connects to a chat server on your local network to send "
            "and receive messages."
        ),
    },
}


def bundle_version(version: str) -> str:
    """CFBundleShortVersionString is up to three integers: '0.2.0rc1' -> '0.2.0'."""
    match = re.match(r"\d+(?:\.\d+){0,2}", version)
    return match.group(0) if match else "0"


def info_plist(kind: str, version: str) -> dict:
    """The Info.plist keys to add to PyInstaller's defaults for *kind*."""
    app = APPS[kind]
    short = bundle_version(version)
    return {
        "CFBundleName": app["name"],
        "CFBundleDisplayName": app["name"],
        "CFBundleShortVersionString": short,
        "CFBundleVersion": short,
        "CFBundleDevelopmentRegion": "en",
        # Lets Qt's native dialogs and menus speak Chinese on a Chinese system.
        "CFBundleLocalizations": ["en", "zh-Hans"],
        "NSHighResolutionCapable": True,
        # Follow the system's dark mode instead of forcing the light one.
        "NSRequiresAquaSystemAppearance": False,
        "NSLocalNetworkUsageDescription": app["local_network"],
        "LSApplicationCategoryType": "public.app-category.social-networking",
        "NSHumanReadableCopyright": "MIT License, chatapp contributors",
    }


def bundle_kwargs(kind: str, version: str) -> dict:
    """Keyword arguments for PyInstaller's BUNDLE(...) for *kind* ("server" or "client")."""
    if kind not in APPS:
        raise ValueError(f"kind is 'server' or 'client', not {kind!r}")
    return {
        "name": f"{APPS[kind]['name']}.app",
        "icon": str(HERE / f"chatapp-{kind}.icns"),
        "bundle_identifier": APPS[kind]["identifier"],
        "version": bundle_version(version),
        "info_plist": info_plist(kind, version),
    }


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in APPS:
        print(__doc__, file=sys.stderr)
        return 2
    if len(argv) > 1:
        version = argv[1]
    else:
        sys.path.insert(0, str(HERE.parent.parent))
        import chatapp

        version = chatapp.__version__
    kwargs = bundle_kwargs(argv[0], version)
    plist = {"CFBundleIdentifier": kwargs["bundle_identifier"], **kwargs["info_plist"]}
    sys.stdout.write(plistlib.dumps(plist, sort_keys=False).decode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
