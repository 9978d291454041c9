"""The doctor's findings as text: one line each for the terminal, and the
report the dialog copies for pasting into a message or an issue."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from .finding import INFO, OK, PROBLEM, WARNING, Finding

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts



def verdict_label(verdict: str) -> str:
    labels = {
        PROBLEM: translate("DoctorReport", "PROBLEM"),
        WARNING: translate("DoctorReport", "WARNING"),
        INFO: translate("DoctorReport", "info"),
        OK: translate("DoctorReport", "ok"),
    }
    return labels[verdict]


def finding_line(finding: Finding) -> str:
    """"PROBLEM  sentence  [what was done, 3.0 s]", on one line."""
    done = " ".join(finding.done.split())
    label = verdict_label(finding.verdict)
    return f"{label:8} {finding.sentence}  [{done} {finding.seconds:.1f} s]"


def report_text(findings: Iterable[Finding], heading: str) -> str:
    return "\n".join([heading, *(finding_line(finding) for finding in findings)]) + "\n"


def heading_for(host: str, port: int, as_server: bool, version: str) -> str:
    if as_server:
        return translate(
            "DoctorReport", "chatapp {version} connectivity doctor: this machine as the server, "
            "port {port}").format(version=version, port=port)
    if host:
        return translate(
            "DoctorReport", "chatapp {version} connectivity doctor: server {host} port {port}"
        ).format(version=version, host=host, port=port)
    return translate(
        "DoctorReport", "chatapp {version} connectivity doctor: this machine's networks and "
        "discovery").format(version=version)
