"""Which rows of the event log are shown: by kind, heartbeats or not, one
connection, and by Winsock event.

Qt's own filter does the work, with one pattern over a key the model gives
each row ("kind<TAB>H<TAB>FD_READ<TAB>127.0.0.1:50312", see FILTER_ROLE): while
everything is shown the pattern is empty and Qt takes each new row without
calling into Python, which a flood of rows would otherwise do row by row; when
something is hidden, matching stays in C++ and 10,000 rows filter in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSortFilterProxyModel

from .event_log_model import FILTER_ROLE, KINDS, WINSOCK_EVENTS

_ANY_FIELD = "[^\\t]*"


@dataclass
class FilterChoice:
    """What the user chose; the part that is remembered between runs is
    everything but the connection (its address changes every run)."""

    hidden_kinds: set[str] = field(default_factory=set)
    heartbeats: bool = True
    hidden_events: set[str] = field(default_factory=set)
    connection: str | None = None  # None: every connection

    def to_saved(self) -> dict[str, object]:
        return {
            "hidden_kinds": sorted(self.hidden_kinds),
            "heartbeats": self.heartbeats,
            "hidden_events": sorted(self.hidden_events),
        }

    @classmethod
    def from_saved(cls, saved: object) -> FilterChoice:
        """Anything unreadable (a hand-edited settings file) falls back to showing it."""
        choice = cls()
        if not isinstance(saved, dict):
            return choice
        kinds, events = saved.get("hidden_kinds"), saved.get("hidden_events")
        if isinstance(kinds, list):
            choice.hidden_kinds = {k for k in kinds if k in KINDS}
        if isinstance(events, list):
            choice.hidden_events = {e for e in events if e in WINSOCK_EVENTS}
        if isinstance(saved.get("heartbeats"), bool):
            choice.heartbeats = saved["heartbeats"]
        return choice

    def pattern(self) -> str:
        """The one regular expression over FILTER_ROLE ("" shows every row)."""
        if not (self.hidden_kinds or self.hidden_events or not self.heartbeats) and (
            self.connection is None
        ):
            return ""
        kinds = [k for k in KINDS if k not in self.hidden_kinds]
        events = [e for e in WINSOCK_EVENTS if e not in self.hidden_events]
        if not kinds or not events:
            return "(?!)"  # nothing
        parts = [
            _one_of(kinds, len(KINDS)),
            "H|-" if self.heartbeats else "-",
            _one_of(events, len(WINSOCK_EVENTS)),
            _ANY_FIELD if self.connection is None else re.escape(self.connection),
        ]
        return "^(" + ")\\t(".join(parts) + ")$"


def _one_of(values: list[str], every: int) -> str:
    return _ANY_FIELD if len(values) == every else "|".join(map(re.escape, values))


class EventFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choice = FilterChoice()
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)

    def apply(self, choice: FilterChoice) -> None:
        self.choice = choice
        self._refilter()

    def shown_kinds(self) -> set[str]:
        return set(KINDS) - self.choice.hidden_kinds

    def set_kind_shown(self, kind: str, shown: bool) -> None:
        _toggle(self.choice.hidden_kinds, kind, not shown)
        self._refilter()

    def set_event_shown(self, event: str, shown: bool) -> None:
        _toggle(self.choice.hidden_events, event, not shown)
        self._refilter()

    def set_heartbeats_shown(self, shown: bool) -> None:
        self.choice.heartbeats = bool(shown)
        self._refilter()

    def set_connection(self, connection: str | None) -> None:
        self.choice.connection = connection or None
        self._refilter()

    def _refilter(self) -> None:
        pattern = self.choice.pattern()
        if pattern != self.filterRegularExpression().pattern():
            self.setFilterRegularExpression(pattern)


def _toggle(hidden: set[str], value: str, hide: bool) -> None:
    if hide:
        hidden.add(value)
    else:
        hidden.discard(value)

