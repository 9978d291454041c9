"""The eleven TCP states by their textbook names, the kernel's spellings of
them, and one sentence each: what the state means for this side."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED = (
    "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"
)
FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT, CLOSE_WAIT, LAST_ACK = (
    "FIN_WAIT_1", "FIN_WAIT_2", "CLOSING", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK"
)
STATES = (
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING,
    TIME_WAIT, CLOSE_WAIT, LAST_ACK,
)
# psutil and Linux spell some of them differently (RFC 793 spells them as above).
_ALIASES = {
    "SYN_RECV": SYN_RECEIVED,
    "SYN_RCVD": SYN_RECEIVED,
    "FIN_WAIT1": FIN_WAIT_1,
    "FIN_WAIT2": FIN_WAIT_2,
    "CLOSE": CLOSED,
    "NONE": CLOSED,
}


def canonical(state: str | None) -> str | None:
    """ "FIN_WAIT2" -> "FIN_WAIT_2"; None or an unknown name -> None."""
    if not state:
        return None
    name = state.strip().upper().replace("-", "_")
    name = _ALIASES.get(name, name)
    return name if name in STATES else None


def explain(state: str | None) -> str:
    """One sentence for a state in any spelling, for tooltips and the diagram."""
    translate = QCoreApplication.translate  # not "tr": lupdate reads tr(a, b) as (text, comment)
    name = canonical(state)
    sentences = {
        CLOSED: translate("StatePanel", "The kernel has no socket left for this connection."),
        LISTEN: translate(
            "StatePanel", "A server socket waits for connections: listen() was called."
        ),
        SYN_SENT: translate(
            "StatePanel", "This side sent SYN and waits for the other side's SYN+ACK."
        ),
        SYN_RECEIVED: translate(
            "StatePanel", "SYN received, SYN+ACK sent; waiting for the final ACK."
        ),
        ESTABLISHED: translate("StatePanel", "The connection is open: both sides can send."),
        FIN_WAIT_1: translate(
            "StatePanel", "This side closed first and sent FIN; waiting for its ACK."
        ),
        FIN_WAIT_2: translate(
            "StatePanel", "Our FIN was acknowledged; waiting for the other side to close too."
        ),
        CLOSE_WAIT: translate(
            "StatePanel", "The other side closed (FIN received); this side has not closed yet."
        ),
        CLOSING: translate("StatePanel", "Both sides closed at the same moment."),
        LAST_ACK: translate(
            "StatePanel", "This side closed second; waiting for the ACK of its FIN."
        ),
        TIME_WAIT: translate(
            "StatePanel",
            "This side closed first. The kernel keeps the address pair for a while "
            "(60 s on Linux) so that late packets cannot confuse a new connection.",
        ),
    }
    if state is None:
        return translate("StatePanel", "Not known yet: the kernel is asked twice a second.")
    return sentences.get(name, state) if name else state
