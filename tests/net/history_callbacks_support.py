"""CallbackStore: a HistoryStore with a callback per stored chat and the
`synced` and `failed` signals, rebuilt on top of its one channel back
(`results`, issue 15), so that the tests written against those keep their
assertions. The server uses `results` itself; tags that are not callables
(its own) pass through untouched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal

from chatapp.net.history_store import HistoryResults, HistoryStore


@dataclass(frozen=True)
class _Callbacks:
    stored: Callable[..., Any] | None
    failed: Callable[[str], Any] | None


class CallbackStore(HistoryStore):
    synced = Signal(object)  # a seq: every chat up to it is on the disk
    failed = Signal(str)  # a problem for the operator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reported_synced = 0
        self.results.connect(self._dispatch)

    def start(self) -> None:
        super().start()
        self._reported_synced = self.synced_seq

    def store(  # type: ignore[override]
        self, sender: str, text: str, to: str | None, me: bool, client_id: str,
        message_id: str, callback: Any = None, failed: Callable[[str], Any] | None = None,
    ) -> None:
        tag = _Callbacks(callback, failed) if callable(callback) or failed else callback
        super().store(sender, text, to, me, client_id, message_id, tag)

    def _dispatch(self, results: HistoryResults) -> None:
        for item in results.stored:
            if isinstance(item.tag, _Callbacks) and item.tag.stored is not None:
                item.tag.stored(item.chat, item.duplicate)
        for sentence in results.problems:
            self.failed.emit(sentence)
        for lost in results.not_stored:
            if isinstance(lost.tag, _Callbacks) and lost.tag.failed is not None:
                lost.tag.failed(lost.reason)
        if results.synced_seq > self._reported_synced:
            self._reported_synced = results.synced_seq
            self.synced.emit(results.synced_seq)
