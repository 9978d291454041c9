"""Every line a peer sends is charged (protocol/flood.py's FloodControl)
before any is handled: warn, then read nothing more until it is within the
limit, then disconnect. This carries the verdict out on the connection."""

from __future__ import annotations

import time

from ..protocol import Error
from ..protocol import errors as codes
from .peer import Peer

# A flood warned and cut off by the same read is closed this long after the
# warning, reading nothing meanwhile: the close resets a connection whose input
# is unread, and a client that then stops reading would never see why.
FLOOD_CUT_OFF_DELAY = 0.5
FLOODING_SENTENCE = "flooding: too many messages for too long"


def charge_lines(peer: Peer, lines: int) -> None:
    flood = peer.flood
    assert flood is not None
    verdict = flood.lines_received(lines, time.monotonic())
    connection = peer.connection
    if verdict.warn:
        connection.send(Error(codes.RATE_LIMITED, (
            f"Slow down: at most {flood.rate:g} messages per second. "
            "Your messages are being delayed."
        )))
    if verdict.cut_off and verdict.warn:
        peer.cut_off_for_flooding = True  # the warning first (FLOOD_CUT_OFF_DELAY)
        connection.hold_input()
        connection.set_deadline(FLOOD_CUT_OFF_DELAY)
    elif verdict.cut_off:
        cut_off(peer)
    elif verdict.pause:
        connection.pause_reading(verdict.pause)


def cut_off(peer: Peer) -> None:
    peer.connection.send(Error(codes.FLOODING, FLOODING_SENTENCE))
    peer.connection.close(codes.FLOODING)
