"""The chat history's file on the disk: its errors, in sentences a user can act
on, and setting a damaged file aside. No threads, no Qt, no SQL of its own."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

FILE_NAME = "history.sqlite3"
LOCK_NAME = "history.lock"


class HistoryError(Exception):
    """The history cannot be opened or written; str() is a sentence for the user."""


class HistoryDamagedError(HistoryError):
    """The history file failed its integrity check at start.

    `path` is the damaged file: set_aside_damaged(path) moves it out of the way
    (kept, never deleted) so that a new, empty history can start.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def damaged_copy_name(path: Path) -> Path:
    """Where set_aside_damaged() would put `path` now: next to it, stamped (UTC)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():  # two fresh starts within one second
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return target


def set_aside_damaged(path: Path, target: Path | None = None) -> Path:
    """Rename a damaged history (and its -wal and -shm files) to `target`
    (default: damaged_copy_name), never deleting anything; returns the new name."""
    if target is None or target.exists():
        target = damaged_copy_name(path)
    for suffix in ("-wal", "-shm"):  # the log holds part of the data: keep it with it
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


def is_corruption(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT")


def damaged_inside(where: str, problem: str) -> str:
    return (
        f"The chat history {where} is damaged inside (the integrity check found: "
        f"{problem[:200]}). Clients would get no or partial history and new chats would "
        "go into the damaged file. Start with an empty history (the damaged file is kept "
        "next to it, renamed), or restore it from a backup."
    )


def describe_open_error(exc: sqlite3.Error, where: str, directory: Path | None) -> str:
    """Why the history at `where` could not be opened, and what to do."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_BUSY") or "locked" in str(exc):
        return in_use(where)
    if is_corruption(exc):
        return (
            f"The chat history {where} is damaged or is not a chatapp history file "
            f"({exc}). Start with an empty history (the damaged file is kept next to "
            "it, renamed), or use --data-dir."
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        if directory is not None and on_read_only_file_system(directory):
            return unwritable_folder(directory)
        return (
            f"Cannot open the chat history {where} for writing ({exc}). "
            "Check the permissions of the file and its folder, or use --data-dir."
        )
    return f"Cannot open the chat history {where}: {describe_sqlite_error(exc)}."


def on_read_only_file_system(path: Path) -> bool:
    """The folder is on a file system mounted read-only (no one may write there)."""
    statvfs = getattr(os, "statvfs", None)  # not on Windows
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def unwritable_folder(directory: Path) -> str:
    """Why the history folder cannot be written, and what to do about it."""
    if on_read_only_file_system(directory):
        return (
            f"The chat history folder {directory} is on a read-only disk or file system: "
            "nothing can be saved there. Make it writable (remount it read-write, or free "
            "the disk's write protection), or choose another folder with --data-dir."
        )
    return (
        f"The chat history folder {directory} is read-only for this user: "
        "chatapp may not create files in it. Give this user write permission on it, "
        "or choose another folder with --data-dir."
    )


def in_use(where: str) -> str:
    return (
        f"The chat history {where} is in use by another chatapp server. "
        "Stop that server, or start this one with --data-dir pointing to another folder."
    )


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    """A failed statement, as the middle of a sentence."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return "the disk is full"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk reported an error ({exc})"
    if name.startswith("SQLITE_READONLY"):
        return "the file or its disk has become read-only"
    return str(exc)
