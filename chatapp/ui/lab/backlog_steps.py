"""The guided walk through lab 5, the accept backlog."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication

from .lab_page import LabStep

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text")

FIRST_BACKLOG = 2


class BacklogActions(Protocol):
    """What the steps need of the page."""

    def listen(self, backlog: int | None = None) -> bool: ...

    def connect_clients(self, count: int) -> None: ...

    def accept_one(self) -> object: ...

    def planned_clients(self) -> int: ...



def backlog_steps(page: BacklogActions) -> list[LabStep]:
    # Each step reaches its state whichever step came before (Back, or a click in the list).
    def three_clients() -> None:
        page.listen(FIRST_BACKLOG)
        page.connect_clients(3)

    def five_clients() -> None:
        if page.planned_clients() == 3:
            page.connect_clients(2)
        else:
            page.listen(FIRST_BACKLOG)
            page.connect_clients(5)

    return [
        LabStep(
            translate("BacklogSteps", "listen() with a backlog, and no accept()"),
            translate("BacklogSteps",
                "<p>A server calls <code>listen(backlog)</code>, then <code>accept()</code> "
                "in a loop. Here the program listens with a backlog of %1 and then "
                "<b>never calls accept()</b>, as a server busy with something else would.</p>"
                "<p>The kernel answers new connections on its own: it completes the "
                "three-way handshake and puts each connection in the listener's "
                "<b>accept queue</b>, where accept() will find it.</p>"
            ).replace("%1", str(FIRST_BACKLOG)),
            lambda: page.listen(FIRST_BACKLOG),
        ),
        LabStep(
            translate("BacklogSteps", "Clients connect; nobody accepts"),
            translate("BacklogSteps",
                "<p>Three clients call <code>connect()</code>. Each one <b>succeeds</b> "
                "within a millisecond: both ends are ESTABLISHED in the kernel, although the "
                "program has not accepted anyone.</p><p>connect() returning tells a client "
                "that the other machine's kernel answered, not that the program there is "
                "talking to it. Data the client sends now waits in the kernel too.</p>"
            ),
            three_clients,
        ),
        LabStep(
            translate("BacklogSteps", "The queue is full: SYNs are dropped"),
            translate("BacklogSteps",
                "<p>Two more clients. Linux holds backlog + 1 connections in the accept "
                "queue; once it is full, the listener's kernel <b>drops</b> new SYNs without "
                "an answer. Those clients stay in <b>SYN_SENT</b> and resend their SYN after "
                "1 s, 3 s, 7 s…, and time out after about two minutes.</p><p>Windows answers "
                "a full queue with a reset instead (connection refused); macOS drops like "
                "Linux.</p>"
            ),
            five_clients,
        ),
        LabStep(
            translate("BacklogSteps", "accept() makes room"),
            translate("BacklogSteps",
                "<p>The program calls <code>accept()</code> once: it takes the oldest "
                "connection from the queue. A place is free, and the next SYN a waiting "
                "client resends gets in: its <i>Handshake took</i> shows the retry delay "
                "(about a second).</p><p>Press <b>accept() one</b> again to take more.</p>"
            ),
            page.accept_one,
        ),
        LabStep(
            translate("BacklogSteps", "What it means for a server"),
            translate("BacklogSteps",
                "<p>The backlog only absorbs bursts while the program is slow to accept: a "
                "server should call accept() promptly, and hand slow work elsewhere.</p>"
                "<p>The kernel caps the backlog (<code>net.core.somaxconn</code> on Linux). "
                "Under a SYN flood, SYN cookies let the kernel answer without keeping state. "
                "chatapp's server accepts at once and applies its own connection limits "
                "afterwards.</p>"
            ),
        ),
    ]
