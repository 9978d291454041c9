"""CallbackStore: a HistoryStore with a callback per stored chat, rebuilt on
top of its one channel back (`results`), so that the tests written against
the old callbacks keep their assertions; and checks for waiting on `results`
(synced_to, synced_past, has_problem) where tests waited on the old `synced`
and `failed` signals, which are gone. The server uses `results` itself; tags
that are not callables (its own) pass through untouched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chatapp.net.history_store import HistoryResults, HistoryStore


@dataclass(frozen=True)
class _Callbacks:
    stored: Callable[..., Any] | None
    failed: Callable[[str], Any] | None


def synced_to(seq: int) -> Callable[[HistoryResults], bool]:
    """For waitSignal(store.results): every chat up to `seq` is on the disk."""
    return lambda results: results.synced_seq == seq


def synced_past(store: HistoryStore) -> Callable[[HistoryResults], bool]:
    """For waitSignal(store.results): the disk got further than it is now."""
    now = store.synced_seq
    return lambda results: results.synced_seq > now


def has_problem(results: HistoryResults) -> bool:
    """For waitSignal(store.results): a problem for the operator came back."""
    return bool(results.problems)


class CallbackStore(HistoryStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.results.connect(self._dispatch)

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
        for lost in results.not_stored:
            if isinstance(lost.tag, _Callbacks) and lost.tag.failed is not None:
                lost.tag.failed(lost.reason)
