"""chatapp: a LAN chat and TCP teaching tool, the Winsock chat demo modernized."""

__version__ = "0.1.0"
APP_NAME = "chatapp"
