"""Linux firewalls, read (never changed): ufw, firewalld and nftables. Each
parser takes the tool's output as text, so recorded outputs test it."""

from __future__ import annotations

import json
import re

from .firewall_rule import ALLOWS, BLOCKS, NO_RULE, PortRule


def _port_in(spec: str, port: int) -> bool:
    """"2000", "2000/tcp", "1000:3000/tcp", "1000-3000/tcp", "2000,2001/tcp"."""
    spec, _, protocol = spec.partition("/")
    if protocol and protocol.split()[0] not in ("tcp",):
        return False
    for part in spec.split(","):
        bounds = re.split(r"[:-]", part)
        if not all(bound.isdigit() for bound in bounds):
            continue
        low, high = int(bounds[0]), int(bounds[-1])
        if low <= port <= high:
            return True
    return False


# --- ufw ---------------------------------------------------------------------------


def parse_ufw(text: str, port: int) -> tuple[bool, PortRule]:
    """`ufw status verbose` -> (active, what it does with the port)."""
    if "Status: active" not in text:
        return False, PortRule(ALLOWS, "ufw inactive", everything=True)
    for line in text.splitlines():
        fields = re.split(r"\s{2,}", line.strip())
        if len(fields) < 3 or "(v6)" in fields[0]:
            continue
        action = fields[1].split()[0].upper()
        direction = fields[1].split()[1].upper() if len(fields[1].split()) > 1 else "IN"
        if direction != "IN" or not _port_in(fields[0], port):
            continue
        decision = ALLOWS if action in ("ALLOW", "LIMIT") else BLOCKS
        return True, PortRule(decision, f"{fields[0]} {fields[1]} {fields[2]}")
    default = re.search(r"Default:\s*(\w+) \(incoming\)", text)
    if default and default.group(1).lower() in ("deny", "reject"):
        return True, PortRule(BLOCKS, f"Default: {default.group(1)} (incoming)", everything=True)
    return True, PortRule(ALLOWS, "Default: allow (incoming)", everything=True)


# --- firewalld -----------------------------------------------------------------------


def parse_firewalld(state: str, ports: str, services: str, port: int) -> tuple[bool, PortRule]:
    """`firewall-cmd --state`, `--list-ports`, `--list-services` (the default zone)."""
    if state.strip() != "running":
        return False, PortRule(ALLOWS, "firewalld not running", everything=True)
    for spec in ports.split():
        if _port_in(spec.replace("-", ":"), port):
            return True, PortRule(ALLOWS, f"port {spec}")
    if "chatapp" in services.split():
        return True, PortRule(ALLOWS, "service chatapp")
    # The default zone rejects what it does not list.
    return True, PortRule(NO_RULE, f"ports: {ports.strip() or '-'}", everything=True)


# --- nftables ------------------------------------------------------------------------


def _matches_port(right: object, port: int) -> bool:
    if isinstance(right, int):
        return right == port
    if isinstance(right, dict):
        if "set" in right:
            return any(_matches_port(item, port) for item in right["set"])
        if "range" in right:
            low, high = right["range"]
            return isinstance(low, int) and isinstance(high, int) and low <= port <= high
    if isinstance(right, list):
        return any(_matches_port(item, port) for item in right)
    return False


def _rule_port_match(expressions: list[dict], port: int) -> str:
    """"port" (the rule is about our TCP port), "other" (about something else),
    or "all" (no condition at all: every packet)."""
    conditions = [e["match"] for e in expressions if "match" in e]
    if not conditions:
        return "all"
    for match in conditions:
        left = match.get("left", {})
        payload = left.get("payload", {}) if isinstance(left, dict) else {}
        if payload.get("field") == "dport" and payload.get("protocol") in ("tcp", "th"):
            if match.get("op", "==") in ("==", "in") and _matches_port(match.get("right"), port):
                continue
            return "other"
        return "other"
    return "port"


def _verdict(expressions: list[dict]) -> tuple[str, str] | None:
    for expression in expressions:
        for key in ("accept", "drop", "reject"):
            if key in expression:
                return key, ""
        for key in ("jump", "goto"):
            if key in expression:
                return key, expression[key].get("target", "")
    return None


def parse_nft_json(text: str, port: int) -> PortRule:
    """`nft -j list ruleset`: the first rule of an input chain (and the chains
    it jumps to) that decides for every packet or for our port; else the policy."""
    items = json.loads(text).get("nftables", [])
    chains = [i["chain"] for i in items if "chain" in i]
    rules: dict[tuple[str, str, str], list[dict]] = {}
    for item in items:
        if "rule" in item:
            rule = item["rule"]
            key = (rule.get("family"), rule.get("table"), rule.get("chain"))
            rules.setdefault(key, []).append(rule)
    for chain in chains:
        if chain.get("hook") != "input" or chain.get("family") not in ("ip", "ip6", "inet"):
            continue
        key = (chain["family"], chain["table"], chain["name"])
        decided = _decide(rules, key, port, depth=0)
        if decided is not None and decided.decision == BLOCKS:
            return decided
        if decided is None and chain.get("policy") == "drop":
            return PortRule(BLOCKS, f"table {key[0]} {key[1]}, chain {key[2]}: policy drop",
                            everything=True)
    return PortRule(ALLOWS, "no input rule for the port", everything=True)


def _decide(rules, key, port: int, depth: int) -> PortRule | None:
    if depth > 8:  # chains that jump in a circle are refused by nft; be safe anyway
        return None
    for rule in rules.get(key, []):
        expressions = rule.get("expr", [])
        applies = _rule_port_match(expressions, port)
        verdict = _verdict(expressions)
        if applies == "other" or verdict is None:
            continue
        where = f"table {key[0]} {key[1]}, chain {key[2]}"
        kind, target = verdict
        if kind in ("jump", "goto"):
            decided = _decide(rules, (key[0], key[1], target), port, depth + 1)
            if decided is not None:
                return decided
            continue
        decision = ALLOWS if kind == "accept" else BLOCKS
        return PortRule(decision, f"{where}: {kind}", everything=applies == "all")
    return None


def parse_nft_text(text: str, port: int) -> PortRule:
    """`nft list ruleset` where JSON is not available (older nft): a rough reading."""
    for line in text.splitlines():
        words = line.split()
        if "dport" in words and ("drop" in words or "reject" in words):
            after = words[words.index("dport") + 1:]
            if after and _port_in(after[0].strip("{},").replace("-", ":"), port):
                return PortRule(BLOCKS, line.strip())
        if "hook input" in line and "policy drop" in line:
            return PortRule(BLOCKS, line.strip(), everything=True)
    return PortRule(ALLOWS, "no input rule for the port", everything=True)

