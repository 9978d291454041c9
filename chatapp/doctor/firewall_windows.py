"""Windows Defender Firewall, read with netsh (never changed): is it on for the
current profile, and do its inbound rules allow or block this program or the
chat port? Block rules win over allow rules, as in Windows. The parsers take
netsh's English output as text, so recorded outputs test them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .firewall_rule import ALLOWS, BLOCKS, NO_RULE, PortRule


def parse_profile_state(text: str) -> tuple[str, bool | None]:
    """`netsh advfirewall show currentprofile state` -> ("Public", True)."""
    profile = re.search(r"^(\w+) Profile Settings", text, re.MULTILINE)
    state = re.search(r"^State\s+(ON|OFF)\b", text, re.MULTILINE | re.IGNORECASE)
    return (profile.group(1) if profile else "",
            None if state is None else state.group(1).upper() == "ON")


def parse_rules(text: str) -> list[dict[str, str]]:
    """`netsh advfirewall firewall show rule name=all verbose`: one dict per rule."""
    rules: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.startswith("Rule Name:"):
            rules.append({})
        if not rules or ":" not in line or line.startswith("-"):
            continue
        key, _, value = line.partition(":")
        rules[-1][key.strip()] = value.strip()
    return rules


def _port_listed(ports: str, port: int) -> bool:
    for part in ports.split(","):
        bounds = part.strip().split("-")
        if all(bound.isdigit() for bound in bounds) and int(bounds[0]) <= port <= int(bounds[-1]):
            return True
    return False


def _applies(rule: dict[str, str], programs: Iterable[str], port: int, profile: str) -> str:
    """"program", "port" or "" (the rule does not concern us)."""
    if rule.get("Enabled", "").lower() != "yes" or rule.get("Direction", "").lower() != "in":
        return ""
    profiles = rule.get("Profiles", "Any").lower()
    if profile and profiles not in ("any", "") and profile.lower() not in profiles:
        return ""
    if rule.get("Protocol", "Any").upper() not in ("TCP", "ANY"):
        return ""
    program = rule.get("Program", "").lower()
    if program and any(program == path.lower() for path in programs):
        return "program"
    local_port = rule.get("LocalPort", "Any")
    if not program and local_port.lower() != "any" and _port_listed(local_port, port):
        return "port"
    return ""


def decide(rules: list[dict[str, str]], programs: Iterable[str], port: int,
           profile: str) -> PortRule:
    programs = list(programs)
    concerned = [(rule, _applies(rule, programs, port, profile)) for rule in rules]
    concerned = [(rule, why) for rule, why in concerned if why]
    for wanted in ("block", "allow"):
        for rule, why in concerned:
            if rule.get("Action", "").lower() == wanted:
                name = rule.get("Rule Name", "?")
                decision = BLOCKS if wanted == "block" else ALLOWS
                return PortRule(decision, f'rule "{name}" ({why})')
    return PortRule(NO_RULE, f"no inbound rule for this program or port {port}", everything=True)
