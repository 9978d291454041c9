"""The labs' failures as sentences a student can act on, never as tracebacks.

Each sentence is a literal in QCoreApplication.translate("LabSentences", ...),
the form pyside6-lupdate extracts; the values are filled in afterwards.
"""

from __future__ import annotations

import errno
import ipaddress

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def numeric_address(host: str) -> str | None:
    """The address itself when `host` is an IP address, else None (the labs
    never resolve names: a slow DNS server would freeze the lesson)."""
    try:
        return str(ipaddress.ip_address(host.strip().strip("[]")))
    except ValueError:
        return None


def not_an_address(host: str) -> str:
    return translate("LabSentences", "“{0}” is not an IP address: enter one such as "
                     "127.0.0.1 or 192.168.1.20.").format(host)


def bind_failed(error: OSError, host: str, port: int, time_wait_holds_port: bool) -> str:
    if error.errno == errno.EADDRINUSE or getattr(error, "winerror", None) == 10048:
        if time_wait_holds_port:
            return translate("LabSentences", "Address already in use: a connection on port "
                             "{0} is still in TIME_WAIT; SO_REUSEADDR lets a new listener "
                             "bind anyway.").format(port)
        return translate("LabSentences", "Address already in use: another socket listens on "
                         "port {0}; stop it or choose another port.").format(port)
    if error.errno == errno.EACCES:
        return translate("LabSentences", "Port {0} needs administrator rights (ports below "
                         "1024 do): choose a port above 1024.").format(port)
    if error.errno == errno.EADDRNOTAVAIL:
        return translate("LabSentences", "This machine has no address {0}: listen on "
                         "127.0.0.1, 0.0.0.0 or one of its own addresses.").format(host)
    return translate("LabSentences", "Could not listen on {0} port {1}: {2}.").format(
        host, port, error.strerror or error)


def connect_failed(code: int, host: str, port: int) -> str:
    if code in (errno.ECONNREFUSED, 10061):
        return translate("LabSentences", "Connection refused: nothing listens on {0} port "
                         "{1} (the kernel answered the SYN with RST).").format(host, port)
    if code in (errno.ETIMEDOUT, 10060):
        return translate("LabSentences", "Connection timed out: no answer from {0} port {1}; "
                         "a firewall may drop the SYN.").format(host, port)
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH, 10051, 10065):
        return translate("LabSentences", "No route to {0}: check the address and the "
                         "network.").format(host)
    return translate("LabSentences", "Could not connect to {0} port {1}: error {2}.").format(
        host, port, code)
