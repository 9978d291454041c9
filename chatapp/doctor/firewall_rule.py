"""What a firewall does with incoming TCP connections to the chat port, as read
from any system's firewall (the parsers in firewall_linux/windows/macos)."""

from __future__ import annotations

from dataclasses import dataclass

ALLOWS = "allows"
BLOCKS = "blocks"  # drops or rejects
NO_RULE = "no_rule"


@dataclass(frozen=True)
class PortRule:
    """What a firewall does with incoming TCP to the chat port, and why."""

    decision: str  # ALLOWS, BLOCKS or NO_RULE
    where: str  # the rule or policy that decides, in the tool's words
    everything: bool = False  # the rule or policy is for every port, not the chat port
