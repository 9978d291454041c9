"""build_server(): the one place that opens the chat history, checks it, and makes
the ChatServer, for the headless server, the server window and the demo alike.

They differ only in what they do when the history cannot be used, and say so in
the arguments: whether a damaged history may be replaced (--fresh-history, or
start_fresh: the window asks its user, the headless server refuses with a hint),
and whether a history that cannot be opened falls back to one in memory (the
window does, with a sentence; the headless server stops).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..net.history_store import (
    HistoryDamagedError,
    HistoryError,
    HistoryStore,
    damaged_copy_name,
    set_aside_damaged,
)
from ..net.server import ChatServer
from ..net.server_config import ServerConfig
from .data_dir import resolve_data_dir

log = logging.getLogger("chatapp.server")

# start_fresh(sentence, kept_as): True to rename a damaged history (kept as
# kept_as) and start an empty one, False to stop.
StartFresh = Callable[[str, Path], bool]


def never_start_fresh(sentence: str, kept_as: Path) -> bool:
    return False


@dataclass
class BuiltServer:
    server: ChatServer
    history: HistoryStore  # a child of server: it goes when the server goes
    failure: str = ""  # why the history is kept in memory only, "" when it is where asked


def open_history(
    data_dir: str | None,
    *,
    fresh: bool = False,
    start_fresh: StartFresh = never_start_fresh,
    memory_on_failure: bool = True,
) -> tuple[HistoryStore, str] | None:
    """The started chat history in the data folder (--data-dir, else the user's).

    A damaged history is renamed and replaced by an empty one when `fresh`
    (--fresh-history) or when start_fresh(sentence, kept_as) says yes; None when
    it says no. A history that cannot be opened (another server holds its lock,
    no permission...) gives one in memory and the sentence why, when
    `memory_on_failure`; else its HistoryError is raised.
    """
    directory = resolve_data_dir(data_dir)
    try:
        return _started(HistoryStore(directory)), ""
    except HistoryDamagedError as exc:
        kept_as = damaged_copy_name(exc.path)
        if not fresh and not start_fresh(str(exc), kept_as):
            return None
        kept = set_aside_damaged(exc.path, kept_as)
        log.warning("the damaged chat history was renamed %s; starting with an empty one", kept)
        try:
            return _started(HistoryStore(directory)), ""
        except HistoryError as again:
            if not memory_on_failure:
                raise
            failure = str(again)
    except HistoryError as exc:
        if not memory_on_failure:
            raise
        failure = str(exc)
    return in_memory_history(), failure


def in_memory_history() -> HistoryStore:
    """A history that never touches, or locks, a folder (the demo's)."""
    return _started(HistoryStore(None))


def _started(history: HistoryStore) -> HistoryStore:
    history.start()
    return history


def build_server(
    config: ServerConfig | None = None,
    *,
    data_dir: str | None = None,
    in_memory: bool = False,
    fresh: bool = False,
    start_fresh: StartFresh = never_start_fresh,
    memory_on_failure: bool = True,
) -> BuiltServer | None:
    """A ChatServer tuned by `config`, over its opened and checked history (in
    memory when `in_memory`); None when a damaged history may not be replaced.
    The other arguments are open_history's."""
    if in_memory:
        history, failure = in_memory_history(), ""
    else:
        opened = open_history(
            data_dir, fresh=fresh, start_fresh=start_fresh, memory_on_failure=memory_on_failure
        )
        if opened is None:
            return None
        history, failure = opened
    server = ChatServer(history=history, config=config)
    history.setParent(server)
    return BuiltServer(server, history, failure)
