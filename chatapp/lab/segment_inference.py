"""Which segments a change of kernel state implies, for the sequence diagram.

The labs do not capture packets; they see the calls they make and the states
the kernel reports. A state entered also says what that end just sent: an end
entering CLOSE_WAIT acknowledged the peer's FIN, and so on. Written once here.
"""

from __future__ import annotations

from .lane_events import CLIENT, other_end

# SYN_SENT for longer than this means the first SYN went unanswered (the kernel
# retransmits it after 1 s): the diagram draws the SYN sent again.
SYN_RETRIED_AFTER_S = 0.5


def segments_after(end: str, old: str | None, new: str,
                   seconds_in_old: float) -> list[tuple[str, str]]:
    """(sending end, segment) for each segment the transition old -> new implies."""
    if new in ("CLOSE_WAIT", "CLOSING", "TIME_WAIT"):
        return [(end, "ACK")]  # it acknowledged the peer's FIN
    if new == "ESTABLISHED" and end == CLIENT and old in (None, "SYN_SENT"):
        retried = old == "SYN_SENT" and seconds_in_old > SYN_RETRIED_AFTER_S
        return [*([(CLIENT, "SYN (sent again)")] if retried else []),
                (other_end(CLIENT), "SYN+ACK"), (CLIENT, "ACK")]
    return []



HOLD_BACKLOG_S = 0.5  # freed before the first resend: connected 1 s after connect()


def backlog_hold_seconds(slow_motion: float) -> float:
    """How long the lab keeps the accept queue full: stretched by slow motion, and
    always half a second off the whole seconds at which a dropped SYN is sent
    again (Linux: 1, 2, 3, 4, 5, 7, 11 s with tcp_syn_linear_timeouts = 4; 1, 3,
    7, 15 s without), so no resend is dropped or not by chance."""
    return int(HOLD_BACKLOG_S * slow_motion) + HOLD_BACKLOG_S
