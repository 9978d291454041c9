"""macOS's application firewall, read with socketfilterfw (never changed): it
decides per program, not per port. The parsers take its output as text."""

from __future__ import annotations

from .firewall_rule import ALLOWS, BLOCKS, NO_RULE, PortRule

SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"


def parse_global_state(text: str) -> bool | None:
    """"Firewall is enabled. (State = 1)" -> True; None when it says neither."""
    lowered = text.lower()
    if "state = 0" in lowered or "is disabled" in lowered:
        return False
    if "state = 1" in lowered or "state = 2" in lowered or "is enabled" in lowered:
        return True
    return None


def parse_block_all(text: str) -> bool:
    """"Firewall has block all state set to enabled." / "Block all ENABLED!"."""
    lowered = text.lower()
    return "block all" in lowered and "enabled" in lowered and "disabled" not in lowered


def parse_app_blocked(text: str, block_all: bool) -> PortRule:
    """`--getappblocked PATH`: permitted, blocked, or not in the firewall's list."""
    lowered = text.lower()
    if block_all:
        return PortRule(BLOCKS, "block all incoming connections", everything=True)
    if "not part of the firewall" in lowered or not lowered.strip():
        return PortRule(NO_RULE, text.strip() or "not listed", everything=True)
    if "blocked" in lowered and "not blocked" not in lowered:
        return PortRule(BLOCKS, text.strip())
    if "permitted" in lowered or "allowed" in lowered or "not blocked" in lowered:
        return PortRule(ALLOWS, text.strip())
    return PortRule(NO_RULE, text.strip(), everything=True)
