"""A server's name to addresses, bounded in time: the system's resolver can
wait many seconds for a DNS server that does not answer."""

from __future__ import annotations

import ipaddress
import socket
import threading


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
    answer: dict[str, object] = {}

    def look_up() -> None:
        try:
            answer["infos"] = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            answer["error"] = error

    # A daemon thread: a resolver that never returns must not keep the program alive.
    thread = threading.Thread(target=look_up, name="doctor-resolve", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise NameTimedOutError(host)
    if "error" in answer:
        raise NameNotFoundError(host)
    infos = answer["infos"]
    addresses = [info[4][0] for info in infos if info[0] == socket.AF_INET]  # type: ignore[index]
    addresses += [info[4][0] for info in infos if info[0] == socket.AF_INET6]  # type: ignore[index]
    if not addresses:
        raise NameNotFoundError(host)
    return list(dict.fromkeys(addresses))
