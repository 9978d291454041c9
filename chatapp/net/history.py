"""What each reader may see of the room's history: the rule is the room's
(protocol/room.py visible_to), the page sizes backlog_pages.py's."""

from __future__ import annotations

from ..protocol.backlog_pages import RECENT_ON_JOIN
from ..protocol.room import visible_to

__all__ = ["RECENT_ON_JOIN", "visible_to"]
