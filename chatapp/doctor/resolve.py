"""A server's name to addresses, bounded in time: the system's resolver can
wait many seconds for a DNS server that does not answer."""

from __future__ import annotations

import ipaddress
import socket

from .commands import TookTooLongError, call_bounded


class NameNotFoundError(Exception):
    pass


class NameTimedOutError(Exception):
    pass


def resolve(host: str, timeout: float) -> list[str]:
    """IPv4 addresses first, then IPv6; raises NameNotFoundError or NameTimedOutError."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
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
