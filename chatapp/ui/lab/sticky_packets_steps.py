"""The guided walk through lab 1: what each step sets, sends and explains."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from ...lab.burst import READ_SIZE, BurstPlan
from ...lab.framing import DEFAULT_MAX_MESSAGE
from .lab_page import LabStep

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text")

LATE_READER = BurstPlan(count=10, size=12, nagle=True, read_when_all_arrived=True, framing="none")
LARGE = BurstPlan(count=1, size=1 << 20, nagle=False, framing="length")


class BurstSender(Protocol):
    """What the steps need of the page."""

    def set_plan(self, plan: BurstPlan) -> None: ...

    def send_burst(self) -> bool: ...



def sticky_packets_steps(page: BurstSender) -> list[LabStep]:
    def setting(plan: BurstPlan, send: bool = True) -> Callable[[], None]:
        def enter() -> None:
            page.set_plan(plan)
            if send:
                page.send_burst()

        return enter

    return [
        LabStep(
            translate("StickyPacketsSteps", "TCP carries a stream, not messages"),
            translate("StickyPacketsSteps",
                "<p>A program calls <code>send()</code> once per message, but TCP keeps no "
                "boundaries: the receiver's <code>recv()</code> returns whatever bytes have "
                "arrived, up to the size it asked for.</p><p>So one read may hold several "
                "messages glued together (<b>sticky packets</b>, 粘包) or only part of one "
                "(<b>split packets</b>, 拆包). This lab sends real bursts over a real TCP "
                "connection and lists every read as its own row.</p>"
                "<p>Press <b>Next</b> (or Page Down) to send the first burst.</p>"
            ),
            setting(BurstPlan(framing="none"), send=False),
        ),
        LabStep(
            translate("StickyPacketsSteps", "A late reader: messages stick together"),
            translate("StickyPacketsSteps",
                "<p>Ten messages of 12 bytes were sent, but the receiver was busy and read "
                "only once they had all arrived. The kernel kept them in the socket's receive "
                "buffer, and one <code>recv()</code> returned all of them.</p><p>Without "
                "framing the program takes each read for one message: it sees <b>one</b> "
                "message where ten were sent. Click a read to see its bytes.</p>"
            ),
            setting(LATE_READER),
        ),
        LabStep(
            translate("StickyPacketsSteps", "Nagle's algorithm merges small writes"),
            translate("StickyPacketsSteps",
                "<p>With Nagle's algorithm on (the default), the sender's kernel holds a "
                "small segment back while an earlier one is still unacknowledged, and sends "
                "what gathered in one segment.</p><p>On one machine the acknowledgements come "
                "back within microseconds, so the effect is small and changes from run to run; "
                "across a network it is plain. Untick Nagle (the program sets "
                "<code>TCP_NODELAY</code>) and send again to compare.</p>"
            ),
            setting(BurstPlan(count=20, size=12, nagle=True, framing="none")),
        ),
        LabStep(
            translate("StickyPacketsSteps", "Paced sends, waiting reader: one read per message"),
            translate("StickyPacketsSteps",
                "<p>Now the sender waits 100 ms between messages, Nagle is off and the "
                "receiver is blocked in <code>recv()</code>: each message arrives alone and "
                "each read returns exactly one.</p><p>This is why a program without framing "
                "seems to work while it is tested by hand, and fails under load, on a slow "
                "network or when the reader is busy.</p>"
            ),
            setting(BurstPlan(count=5, size=12, delay_ms=100, nagle=False, framing="none")),
        ),
        LabStep(
            translate("StickyPacketsSteps", "Framing by a newline"),
            translate("StickyPacketsSteps",
                "<p>The same late reader, but each message now ends with a newline "
                "(<code>\\n</code>, in green). The receiver keeps the bytes in a buffer and "
                "hands out a message each time it finds a newline: ten messages again, "
                "however the reads fell.</p><p>chatapp itself sends one JSON object per line. "
                "The delimiter must never appear inside a message: a newline in a chat text "
                "is escaped.</p>"
            ),
            setting(replace(LATE_READER, framing="newline")),
        ),
        LabStep(
            translate("StickyPacketsSteps", "A length prefix, in network byte order"),
            translate("StickyPacketsSteps",
                "<p>Each message now starts with a 4-byte header (in yellow) that says how "
                "many bytes follow. The receiver reads the header, then waits for exactly that "
                "many bytes.</p><p>The header is <b>big-endian</b>, the <b>network byte "
                "order</b>: the most significant byte comes first. A PC keeps numbers "
                "little-endian in memory, so the sender converts with <code>htonl()</code> "
                "and the receiver with <code>ntohl()</code>. Below the hex view, the same four "
                "bytes are read both ways.</p>"
            ),
            setting(replace(LATE_READER, framing="length")),
        ),
        LabStep(
            translate("StickyPacketsSteps", "Fixed-size messages"),
            translate("StickyPacketsSteps",
                "<p>When both sides agree that every message has the same size, the receiver "
                "only counts bytes: every 12 bytes are one message.</p><p>Simple and fast, but "
                "short messages must be padded and long ones cannot be sent: real protocols "
                "use it for fixed headers, followed by a length.</p>"
            ),
            setting(replace(LATE_READER, framing="fixed")),
        ),
        LabStep(
            translate("StickyPacketsSteps", "A large message splits into many reads"),
            translate("StickyPacketsSteps",
                "<p>One <code>send()</code> of 1 MiB. It arrives in many reads: each "
                "<code>recv()</code> asks for at most %1 bytes and gets what had arrived "
                "by then (<b>split packets</b>, 拆包).</p><p>The column <i>Messages ended</i> "
                "stays 0 until the last read: the length-prefix framer keeps collecting until "
                "the whole message is there, then hands it out once.</p>"
            ).replace("%1", str(READ_SIZE)),
            setting(LARGE),
        ),
        LabStep(
            translate("StickyPacketsSteps", "A hostile length header"),
            translate("StickyPacketsSteps",
                "<p>A length header comes from the other side: it cannot be trusted. "
                "<code>ff ff ff ff</code> announces 4 294 967 295 bytes; a receiver that "
                "believes it waits for 4 GiB and keeps buffering. This sender starts its "
                "burst with exactly that.</p><p>A careful framer "
                "has a limit (here %1 bytes) and refuses a larger header at once, with a "
                "sentence, and the connection is closed. chatapp's own newline framing does "
                "the same for a line that never ends.</p>"
            ).replace("%1", str(DEFAULT_MAX_MESSAGE)),
            setting(replace(LATE_READER, framing="length", hostile_header=True)),
        ),
        LabStep(
            translate("StickyPacketsSteps", "Between two machines"),
            translate("StickyPacketsSteps",
                "<p>In the list beside <b>Framing</b>, choose <i>Only the receiver here</i> on one "
                "machine (listen on 0.0.0.0 and a port, say 5000) and <i>Only the sender here</i> "
                "on the other (send to the first machine's address and that port), with the same "
                "message size and framing on both.</p><p>Across a real network Nagle's "
                "algorithm and the reader's timing merge messages much more often than on "
                "one machine. A firewall on the receiving machine must let the port in.</p>"
            ),
        ),
    ]
