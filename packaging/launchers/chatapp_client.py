"""Frozen entry point of chatapp-client (the PyInstaller spec builds one exe from it)."""

import sys

from _launch import launch

if __name__ == "__main__":
    sys.exit(launch("client"))
