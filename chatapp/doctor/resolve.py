"""A server's name to addresses, bounded in time: the system's resolver can
wait many seconds for a DNS server that does not answer."""

from __future__ import annotations

import ipaddress
import re
import socket

from .commands import TookTooLongError, call_bounded


class NameNotFoundError(Exception):
    pass


class NameTimedOutError(Exception):
    pass


class NotANameError(Exception):
    """Not something a lookup could find (a URL, "host:port", spaces...): said
    at once, and nothing is asked of the network."""


# A host name: letters (any script), digits, dots, hyphens, underscores.
_NAME = re.compile(r"[\w.-]{1,253}")


def resolve(host: str, timeout: float) -> list[str]:
    """IPv4 addresses first, then IPv6; raises NameNotFoundError, NameTimedOutError
    or NotANameError."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    if not _NAME.fullmatch(host) or ".." in host or host.startswith(("-", ".")):
        raise NotANameError(host)
    try:
        infos = call_bounded(lambda: socket.getaddrinfo(host, None, type=socket.SOCK_STREAM),
                             timeout)
    except TookTooLongError:
        raise NameTimedOutError(host) from None
    except (OSError, UnicodeError):
        raise NameNotFoundError(host) from None
    addresses = [info[4][0] for info in infos if info[0] == socket.AF_INET]
    addresses += [info[4][0] for info in infos if info[0] == socket.AF_INET6]
    if not addresses:
        raise NameNotFoundError(host)
    return list(dict.fromkeys(str(address) for address in addresses))
