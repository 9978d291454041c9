"""The firewall state where the system exposes it: ufw, firewalld and nftables
on Linux, Windows Defender Firewall, macOS's application firewall. Each tool
runs bounded in time; a missing tool is skipped and one that wants
administrator rights is named, never guessed at."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from . import firewall_linux, firewall_macos, firewall_windows
from .commands import COMMAND_TIMEOUT_S, DENIED, MISSING, TIMED_OUT, CommandResult, run_bounded
from .finding import INFO, OK, PROBLEM, WARNING, Finding
from .firewall_rule import ALLOWS, BLOCKS, NO_RULE, PortRule

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts


Runner = Callable[[list[str], float], CommandResult]



def _done(argv: list[str], _result: CommandResult) -> str:
    return translate("DoctorFirewall", "Ran `{command}`.").format(
        command=" ".join(argv))


def _unread(name: str, argv: list[str], result: CommandResult, timeout: float) -> Finding | None:
    """The finding for a tool that could not be read, None if it was read or is absent."""
    if result.status == DENIED:
        sentence = translate(
            "DoctorFirewall", "{name} is installed, but reading its rules needs administrator "
            "rights: run the doctor again as administrator (sudo) to check it.").format(name=name)
        return Finding("firewall", INFO, sentence, _done(argv, result), result.seconds)
    if result.status == TIMED_OUT:
        sentence = translate(
            "DoctorFirewall", "{name} did not answer within {seconds:g} s: its state is "
            "unknown.").format(name=name, seconds=timeout)
        return Finding("firewall", INFO, sentence, _done(argv, result), result.seconds)
    return None


def _port_finding(name: str, rule: PortRule, port: int, fix: str, done: str,
                  seconds: float, asks_user: bool = False) -> Finding:
    """asks_user: the firewall asks the user the first time a program listens
    (Windows, macOS), so no rule yet is a warning, not a block."""
    facts = {"firewall": name, "decision": rule.decision, "where": rule.where}
    if rule.decision == NO_RULE and asks_user:
        sentence = translate(
            "DoctorFirewall", "{name} is on and has no rule for chatapp or port {port} yet: "
            "when it asks whether chatapp may accept incoming connections, allow it; or {fix}"
        ).format(name=name, port=port, fix=fix)
        return Finding("firewall", WARNING, sentence, done, seconds, facts)
    if rule.decision == ALLOWS:
        sentence = (translate(
            "DoctorFirewall", "{name} does not block port {port} ({where}).") if rule.everything
            else translate(
            "DoctorFirewall", "{name} lets connections to port {port} in ({where}).")).format(
            name=name, port=port, where=rule.where)
        return Finding("firewall", OK, sentence, done, seconds, facts)
    if rule.decision == BLOCKS and not rule.everything:
        sentence = translate(
            "DoctorFirewall", "{name} on this machine blocks connections to port {port} "
            "({where}): {fix}").format(name=name, port=port, where=rule.where, fix=fix)
    else:
        sentence = translate(
            "DoctorFirewall", "{name} on this machine blocks incoming connections unless a rule "
            "allows them ({where}), and no rule allows port {port}: {fix}").format(
            name=name, port=port, where=rule.where, fix=fix)
    return Finding("firewall", PROBLEM, sentence, done, seconds, facts)


# --- Linux ---------------------------------------------------------------------------


def _ufw(port: int, run: Runner, timeout: float) -> list[Finding]:
    argv = ["ufw", "status", "verbose"]
    result = run(argv, timeout)
    if result.status == MISSING:
        return []
    if not result.ran:
        unread = _unread("ufw", argv, result, timeout)
        return [unread] if unread else []
    active, rule = firewall_linux.parse_ufw(result.output, port)
    if not active:
        sentence = translate("DoctorFirewall", "ufw is off: it blocks no connections.")
        return [Finding("firewall", OK, sentence, _done(argv, result), result.seconds,
                        {"firewall": "ufw"})]
    fix = translate(
        "DoctorFirewall", "allow it with `sudo ufw allow {port}/tcp`.").format(port=port)
    return [_port_finding("ufw", rule, port, fix, _done(argv, result), result.seconds)]


def _firewalld(port: int, run: Runner, timeout: float) -> list[Finding]:
    argv = ["firewall-cmd", "--state"]
    state = run(argv, timeout)
    if state.status == MISSING:
        return []
    if "not running" in state.output:
        sentence = translate("DoctorFirewall", "firewalld is not running: it blocks nothing.")
        return [Finding("firewall", OK, sentence, _done(argv, state), state.seconds,
                        {"firewall": "firewalld"})]
    if not state.ran:
        unread = _unread("firewalld", argv, state, timeout)
        return [unread] if unread else []
    ports_argv = ["firewall-cmd", "--list-ports"]
    services_argv = ["firewall-cmd", "--list-services"]
    ports, services = run(ports_argv, timeout), run(services_argv, timeout)
    for argv_read, result in ((ports_argv, ports), (services_argv, services)):
        if not result.ran:
            unread = _unread("firewalld", argv_read, result, timeout)
            return [unread] if unread else []
    _running, rule = firewall_linux.parse_firewalld(state.output, ports.output, services.output,
                                                    port)
    fix = translate(
        "DoctorFirewall", "open it with `sudo firewall-cmd --add-port={port}/tcp` (once more "
        "with --permanent to keep it).").format(port=port)
    seconds = state.seconds + ports.seconds + services.seconds
    return [_port_finding("firewalld", rule, port, fix, _done(ports_argv, ports), seconds)]


def _nftables(port: int, run: Runner, timeout: float) -> list[Finding]:
    argv = ["nft", "-j", "list", "ruleset"]
    result = run(argv, timeout)
    if result.status == MISSING:
        return []
    rule = None
    if result.ran:
        try:
            rule = firewall_linux.parse_nft_json(result.output, port)
        except (ValueError, KeyError, TypeError, AttributeError):
            rule = None
    if rule is None and result.status not in (DENIED, TIMED_OUT):
        argv = ["nft", "list", "ruleset"]  # an nft without JSON output
        result = run(argv, timeout)
        if result.ran:
            rule = firewall_linux.parse_nft_text(result.output, port)
    if rule is None:
        unread = _unread("nftables", argv, result, timeout)
        return [unread] if unread else []
    fix = translate(
        "DoctorFirewall", "remove that rule, or add one accepting TCP port {port} before it."
    ).format(port=port)
    return [_port_finding("nftables", rule, port, fix, _done(argv, result), result.seconds)]


# --- Windows and macOS -----------------------------------------------------------------


def _windows(port: int, run: Runner, timeout: float, programs: list[str]) -> list[Finding]:
    argv = ["netsh", "advfirewall", "show", "currentprofile", "state"]
    result = run(argv, timeout)
    if not result.ran:
        unread = _unread("Windows Defender Firewall", argv, result, timeout)
        return [unread] if unread else []
    profile, on = firewall_windows.parse_profile_state(result.output)
    if on is False:
        sentence = translate(
            "DoctorFirewall", "Windows Defender Firewall is off for the {profile} profile: it "
            "blocks nothing.").format(profile=profile or "current")
        return [Finding("firewall", OK, sentence, _done(argv, result), result.seconds)]
    rules_argv = ["netsh", "advfirewall", "firewall", "show", "rule", "name=all", "verbose"]
    rules = run(rules_argv, timeout * 2)  # hundreds of rules on a typical Windows
    if not rules.ran:
        unread = _unread("Windows Defender Firewall", rules_argv, rules, timeout * 2)
        return [unread] if unread else []
    rule = firewall_windows.decide(firewall_windows.parse_rules(rules.output), programs, port,
                                   profile)
    fix = translate(
        "DoctorFirewall", "in Windows Security, Firewall & network protection, \"Allow an app "
        "through firewall\", allow chatapp ({program}) on private networks; and mark this "
        "network as Private if Windows calls it Public ({profile} now).").format(
        program=programs[0] if programs else "chatapp", profile=profile or "?")
    return [_port_finding("Windows Defender Firewall", rule, port, fix, _done(rules_argv, rules),
                          result.seconds + rules.seconds, asks_user=True)]


def _macos(port: int, run: Runner, timeout: float, programs: list[str]) -> list[Finding]:
    tool = firewall_macos.SOCKETFILTERFW
    argv = [tool, "--getglobalstate"]
    state = run(argv, timeout)
    if not state.ran:
        unread = _unread("The macOS firewall", argv, state, timeout)
        return [unread] if unread else []
    if firewall_macos.parse_global_state(state.output) is False:
        sentence = translate("DoctorFirewall", "The macOS firewall is off: it blocks nothing.")
        return [Finding("firewall", OK, sentence, _done(argv, state), state.seconds)]
    block_all = run([tool, "--getblockall"], timeout)
    program = programs[0] if programs else sys.executable
    app_argv = [tool, "--getappblocked", program]
    app = run(app_argv, timeout)
    rule = firewall_macos.parse_app_blocked(
        app.output if app.ran else "", firewall_macos.parse_block_all(block_all.output))
    fix = translate(
        "DoctorFirewall", "in System Settings, Network, Firewall, Options, allow incoming "
        "connections for {program} (and turn off \"Block all incoming connections\").").format(
        program=program)
    return [_port_finding("The macOS firewall", rule, port, fix, _done(app_argv, app),
                          state.seconds + block_all.seconds + app.seconds, asks_user=True)]


def our_programs() -> list[str]:
    """The executables a firewall would see listening: the bundle, or Python."""
    return [sys.executable]


def firewall_findings(port: int, as_server: bool, run: Runner = run_bounded,
                      platform: str = sys.platform, timeout: float = COMMAND_TIMEOUT_S,
                      programs: list[str] | None = None) -> list[Finding]:
    programs = our_programs() if programs is None else programs
    if platform == "win32":
        findings = _windows(port, run, timeout, programs)
    elif platform == "darwin":
        findings = _macos(port, run, timeout, programs)
    else:
        findings = [*_ufw(port, run, timeout), *_firewalld(port, run, timeout),
                    *_nftables(port, run, timeout)]
        if not findings:
            sentence = translate(
                "DoctorFirewall", "No firewall tool (ufw, firewalld, nft) was found on this "
                "machine: there is no firewall state to read.")
            done = translate("DoctorFirewall", "Looked for ufw, firewall-cmd and nft.")
            findings = [Finding("firewall", INFO, sentence, done)]
    return findings if as_server else [_as_client(finding) for finding in findings]


def _as_client(finding: Finding) -> Finding:
    """On the client's side a firewall's incoming rules do not stop the chat."""
    if finding.verdict not in (PROBLEM, WARNING):
        return finding
    matters = translate("DoctorFirewall", "That matters only when this machine runs the server.")
    sentence = f"{finding.sentence} {matters}"
    return Finding(finding.check, INFO, sentence, finding.done, finding.seconds, finding.facts)

