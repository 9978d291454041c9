"""The firewall readers, from recorded outputs (Linux, Windows, macOS), and
the findings they make with a fake command runner: nothing is changed and,
here, nothing is run."""

from __future__ import annotations

import pytest
from firewall_samples import (
    MACOS_APP_BLOCKED,
    MACOS_APP_PERMITTED,
    MACOS_APP_UNKNOWN,
    MACOS_BLOCK_ALL_OFF,
    MACOS_BLOCK_ALL_ON,
    MACOS_OFF,
    MACOS_ON,
    NETSH_RULES,
    NETSH_STATE_OFF,
    NETSH_STATE_ON,
    NFT_EMPTY,
    NFT_FILTER,
    NFT_TEXT,
    UFW_ACTIVE,
    UFW_INACTIVE,
)

from chatapp.doctor import firewall_linux, firewall_macos, firewall_windows
from chatapp.doctor.commands import DENIED, FAILED, MISSING, RAN, TIMED_OUT, CommandResult
from chatapp.doctor.finding import INFO, OK, PROBLEM, WARNING
from chatapp.doctor.firewall import firewall_findings
from chatapp.doctor.firewall_rule import ALLOWS, BLOCKS, NO_RULE

PYTHON = r"C:\Python312\python.exe"


# --- nftables ----------------------------------------------------------------------


def test_nft_a_reject_reached_by_a_jump_blocks_the_port():
    rule = firewall_linux.parse_nft_json(NFT_FILTER, 2000)
    assert (rule.decision, rule.where, rule.everything) == (
        BLOCKS, "table inet filter, chain chat: reject", False)


def test_nft_an_accept_in_a_set_allows_the_port():
    assert firewall_linux.parse_nft_json(NFT_FILTER, 80).decision == ALLOWS


def test_nft_the_drop_policy_blocks_a_port_no_rule_names():
    rule = firewall_linux.parse_nft_json(NFT_FILTER, 5000)
    assert (rule.decision, rule.everything) == (BLOCKS, True)
    assert rule.where == "table inet filter, chain input: policy drop"


def test_nft_a_jump_that_decides_nothing_falls_through_to_the_policy():
    assert firewall_linux.parse_nft_json(NFT_FILTER, 2500).decision == BLOCKS


def test_nft_no_rules_allow():
    assert firewall_linux.parse_nft_json(NFT_EMPTY, 2000).decision == ALLOWS


def test_nft_a_catch_all_drop_blocks_everything():
    text = NFT_EMPTY[:-2] + (
        ', {"chain": {"family": "ip", "table": "t", "name": "in", "hook": "input", '
        '"policy": "accept"}}, {"rule": {"family": "ip", "table": "t", "chain": "in", '
        '"expr": [{"counter": {"packets": 0, "bytes": 0}}, {"drop": null}]}}]}')
    rule = firewall_linux.parse_nft_json(text, 2000)
    assert (rule.decision, rule.everything) == (BLOCKS, True)


def test_nft_forward_and_output_chains_do_not_count():
    text = NFT_EMPTY[:-2] + (
        ', {"chain": {"family": "inet", "table": "t", "name": "fwd", "hook": "forward", '
        '"policy": "drop"}}]}')
    assert firewall_linux.parse_nft_json(text, 2000).decision == ALLOWS


def test_nft_text_fallback():
    assert firewall_linux.parse_nft_text(NFT_TEXT, 2000).decision == BLOCKS
    assert firewall_linux.parse_nft_text("", 2000).decision == ALLOWS


def test_nft_hostile_json_is_refused_not_crashed():
    with pytest.raises(ValueError):
        firewall_linux.parse_nft_json("{not json", 2000)


# --- ufw and firewalld ----------------------------------------------------------------


def test_ufw_rules_and_default():
    assert firewall_linux.parse_ufw(UFW_INACTIVE, 2000) == (
        False, firewall_linux.PortRule(ALLOWS, "ufw inactive", everything=True))
    active, rule = firewall_linux.parse_ufw(UFW_ACTIVE, 2000)
    assert active and rule.decision == BLOCKS and rule.where.startswith("2000/tcp DENY IN")
    assert firewall_linux.parse_ufw(UFW_ACTIVE, 8050)[1].decision == ALLOWS
    default = firewall_linux.parse_ufw(UFW_ACTIVE, 5000)[1]
    assert (default.decision, default.everything) == (BLOCKS, True)


def test_firewalld_ports_and_services():
    running, rule = firewall_linux.parse_firewalld("running\n", "2000/tcp 8080/tcp\n", "ssh", 2000)
    assert running and rule.decision == ALLOWS
    assert firewall_linux.parse_firewalld("running", "1990-2010/tcp", "", 2000)[1].decision \
        == ALLOWS
    assert firewall_linux.parse_firewalld("running", "2000/udp", "ssh", 2000)[1].decision \
        == NO_RULE
    assert firewall_linux.parse_firewalld("not running", "", "", 2000)[0] is False


# --- Windows ----------------------------------------------------------------------------


def test_windows_profile_state():
    assert firewall_windows.parse_profile_state(NETSH_STATE_ON) == ("Public", True)
    assert firewall_windows.parse_profile_state(NETSH_STATE_OFF) == ("Private", False)
    assert firewall_windows.parse_profile_state("garbage") == ("", None)


def test_windows_a_block_rule_for_the_program_wins_on_its_profile():
    rules = firewall_windows.parse_rules(NETSH_RULES)
    assert len(rules) == 4
    rule = firewall_windows.decide(rules, [PYTHON.lower()], 2000, "Public")
    assert (rule.decision, rule.where) == (BLOCKS, 'rule "Python" (program)')


def test_windows_on_the_private_profile_the_allow_rules_apply():
    rules = firewall_windows.parse_rules(NETSH_RULES)
    assert firewall_windows.decide(rules, [PYTHON], 2000, "Private").decision == ALLOWS
    # Not our program: the port rule (1999-2001) allows it.
    port_rule = firewall_windows.decide(rules, [r"C:\other.exe"], 2000, "Public")
    assert (port_rule.decision, port_rule.where) == (ALLOWS, 'rule "Chat port" (port)')
    assert firewall_windows.decide(rules, [r"C:\other.exe"], 2100, "Public").decision == NO_RULE


# --- macOS ------------------------------------------------------------------------------


def test_macos_states():
    assert firewall_macos.parse_global_state(MACOS_ON) is True
    assert firewall_macos.parse_global_state(MACOS_OFF) is False
    assert firewall_macos.parse_global_state("") is None
    assert firewall_macos.parse_block_all(MACOS_BLOCK_ALL_ON) is True
    assert firewall_macos.parse_block_all(MACOS_BLOCK_ALL_OFF) is False


@pytest.mark.parametrize(("text", "block_all", "decision"), [
    (MACOS_APP_BLOCKED, False, BLOCKS), (MACOS_APP_PERMITTED, False, ALLOWS),
    (MACOS_APP_UNKNOWN, False, NO_RULE), (MACOS_APP_PERMITTED, True, BLOCKS), ("", False, NO_RULE),
])
def test_macos_app_rules(text, block_all, decision):
    assert firewall_macos.parse_app_blocked(text, block_all).decision == decision


# --- findings with a fake runner ---------------------------------------------------------


def runner(outputs: dict[str, CommandResult]):
    calls = []

    def run(argv, timeout):
        calls.append((argv, timeout))
        for prefix, result in outputs.items():
            if " ".join(argv).startswith(prefix):
                return result
        return CommandResult(MISSING)

    run.calls = calls
    return run


def test_linux_nft_drop_is_a_problem_for_the_server_and_information_for_a_client():
    run = runner({"nft -j": CommandResult(RAN, NFT_FILTER)})
    server = firewall_findings(2000, True, run, "linux")
    assert [(f.verdict, f.check) for f in server] == [(PROBLEM, "firewall")]
    assert server[0].sentence == (
        "nftables on this machine blocks connections to port 2000 (table inet filter, chain "
        "chat: reject): remove that rule, or add one accepting TCP port 2000 before it.")
    client = firewall_findings(2000, False, run, "linux")
    assert client[0].verdict == INFO
    assert client[0].sentence.endswith("That matters only when this machine runs the server.")


def test_linux_every_tool_read_and_each_one_named():
    run = runner({"ufw": CommandResult(RAN, UFW_ACTIVE),
                  "firewall-cmd --state": CommandResult(FAILED, "not running"),
                  "nft -j": CommandResult(RAN, NFT_EMPTY)})
    findings = firewall_findings(2000, True, run, "linux")
    assert [f.facts["firewall"] for f in findings] == ["ufw", "firewalld", "nftables"]
    assert [f.verdict for f in findings] == [PROBLEM, OK, OK]
    assert findings[0].sentence.endswith("allow it with `sudo ufw allow 2000/tcp`.")


def test_linux_denied_and_timed_out_tools_are_named_not_guessed():
    run = runner({"ufw": CommandResult(DENIED, "ERROR: You need to be root to run this script"),
                  "nft -j": CommandResult(TIMED_OUT)})
    findings = firewall_findings(2000, True, run, "linux", timeout=0.5)
    assert findings[0].sentence.startswith("ufw is installed, but reading its rules needs "
                                           "administrator rights")
    assert findings[1].sentence == "nftables did not answer within 0.5 s: its state is unknown."
    assert all(f.verdict == INFO for f in findings)
    assert all(timeout == 0.5 for _argv, timeout in run.calls)


def test_linux_without_any_tool():
    findings = firewall_findings(2000, True, runner({}), "linux")
    assert findings[0].sentence.startswith("No firewall tool (ufw, firewalld, nft) was found")


def test_nft_without_json_falls_back_to_text():
    run = runner({"nft -j": CommandResult(FAILED, "Error: syntax error, unexpected -j"),
                  "nft list": CommandResult(RAN, NFT_TEXT)})
    assert firewall_findings(2000, True, run, "linux")[0].verdict == PROBLEM


def test_windows_findings():
    run = runner({"netsh advfirewall show": CommandResult(RAN, NETSH_STATE_ON),
                  "netsh advfirewall firewall": CommandResult(RAN, NETSH_RULES)})
    finding = firewall_findings(2000, True, run, "win32", programs=[PYTHON])[0]
    assert finding.verdict == PROBLEM
    assert finding.sentence.startswith('Windows Defender Firewall on this machine blocks '
                                       'connections to port 2000 (rule "Python" (program))')
    other = firewall_findings(2100, True, run, "win32", programs=[r"C:\other.exe"])[0]
    assert other.verdict == WARNING and "has no rule for chatapp or port 2100 yet" in \
        other.sentence
    off = runner({"netsh advfirewall show": CommandResult(RAN, NETSH_STATE_OFF)})
    assert firewall_findings(2000, True, off, "win32", programs=[PYTHON])[0].verdict == OK


def test_macos_findings():
    tool = firewall_macos.SOCKETFILTERFW
    run = runner({f"{tool} --getglobalstate": CommandResult(RAN, MACOS_ON),
                  f"{tool} --getblockall": CommandResult(RAN, MACOS_BLOCK_ALL_OFF),
                  f"{tool} --getappblocked": CommandResult(RAN, MACOS_APP_UNKNOWN)})
    finding = firewall_findings(2000, True, run, "darwin", programs=["/usr/bin/python3"])[0]
    assert finding.verdict == WARNING and finding.sentence.startswith(
        "The macOS firewall is on and has no rule for chatapp or port 2000 yet: when it asks")
    blocked = runner({f"{tool} --getglobalstate": CommandResult(RAN, MACOS_ON),
                      f"{tool} --getblockall": CommandResult(RAN, MACOS_BLOCK_ALL_ON)})
    assert firewall_findings(2000, True, blocked, "darwin")[0].verdict == PROBLEM
    off = runner({f"{tool} --getglobalstate": CommandResult(RAN, MACOS_OFF)})
    assert firewall_findings(2000, True, off, "darwin")[0].verdict == OK
