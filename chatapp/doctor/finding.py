"""One finding of the doctor: what a check concluded, in a sentence, and what
it did to find out (so the user can judge and repeat it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

OK = "ok"
INFO = "info"
WARNING = "warning"
PROBLEM = "problem"
# The most important first: a problem is what the user came for.
SEVERITY = {PROBLEM: 3, WARNING: 2, INFO: 1, OK: 0}


@dataclass(frozen=True)
class Finding:
    check: str  # "adapters", "route", "port", "reach", "discovery", "firewall", "hint"
    verdict: str  # OK, INFO, WARNING or PROBLEM
    sentence: str  # what it means and what to do, for a non-expert
    done: str  # what the check did, e.g. "Tried a TCP connection to ... for 3 s."
    seconds: float = 0.0  # how long the check took
    # Machine-readable facts for the hints (reach outcome, discovery seen...): not shown.
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.verdict not in SEVERITY:
            raise ValueError(f"unknown verdict {self.verdict!r}")


def most_important_first(findings: Iterable[Finding]) -> list[Finding]:
    """Problems, then warnings, information and what is fine; stable within each."""
    return sorted(findings, key=lambda finding: -SEVERITY[finding.verdict])


def worst_verdict(findings: Iterable[Finding]) -> str:
    return max((f.verdict for f in findings), key=SEVERITY.__getitem__, default=OK)


def facts_of(findings: Iterable[Finding], check: str) -> Mapping[str, Any]:
    """The facts of the first finding of `check` that has any (empty if none)."""
    for finding in findings:
        if finding.check == check and finding.facts:
            return finding.facts
    return {}
