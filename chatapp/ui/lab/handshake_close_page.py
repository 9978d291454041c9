"""Lab 2 page: the handshake, the four-way close, RST, half-close, TIME_WAIT and
SO_REUSEADDR, on a two-lane sequence diagram of real sockets (lab/handshake_close.py)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...lab.handshake_close import CLIENT, SERVER, TIME_WAIT_S, HandshakeCloseLab
from ...lab.lab_script import Action, Step, Until
from .lab_page import LabPage, LabStep
from .sequence_diagram import SequenceDiagram

COUNTDOWN_MS = 200
PROBLEM_STYLE = "color: #c5221f; font-weight: bold;"
BUTTON_COLUMNS = 3  # four do not fit beside the steps on a 1366x768 projector


class HandshakeClosePage(LabPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lab = HandshakeCloseLab(self)
        self.diagram = SequenceDiagram()
        self.lab.event_added.connect(self._on_lab_event_added)
        self.lab.state_changed.connect(self._on_lab_state_changed)
        self.lab.problem.connect(self._on_lab_problem)
        self._build()
        self._countdown = QTimer(self, interval=COUNTDOWN_MS)
        self._countdown.timeout.connect(self._show_time_waits)

    # --- LabPage ---------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Handshake and close")

    def set_slow_motion(self, factor: float) -> None:
        self.lab.set_slow_motion(factor)

    def exportable_views(self) -> dict[str, QWidget]:
        return {"handshake_close_sequence": self.diagram}

    def stop(self) -> None:
        self.lab.stop()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._countdown.start()  # the countdown only costs while someone sees it

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self._countdown.stop()

    def steps(self) -> list[LabStep]:
        return [
            LabStep(self.tr("socket, bind, listen"), self.tr(
                "A server asks for a <b>socket()</b>, <b>bind()</b>s it to an address and a "
                "port, and calls <b>listen()</b>: the kernel now answers connection requests "
                "on that port by itself. The lab sets SO_REUSEADDR explicitly (see the last "
                "step)."), self._step_listen),
            LabStep(self.tr("connect: the three-way handshake"), self.tr(
                "The client calls <b>connect()</b>: its kernel sends <b>SYN</b> and the "
                "socket is in <b>SYN_SENT</b>. To make this visible the lab first fills the "
                "listener's accept queue, so the server's kernel drops the SYN; it frees "
                "the queue after a moment and the client's kernel sends the SYN again "
                "(1 s after the first). Then SYN+ACK and ACK: both ends are "
                "<b>ESTABLISHED</b>. The server's SYN_RECV lasts one round trip, "
                "microseconds on loopback, too short to sample."), self._step_connect),
            LabStep(self.tr("accept(): the handshake happened before it"), self.tr(
                "The server's end was ESTABLISHED in the kernel before the program called "
                "<b>accept()</b>: accept only takes a finished connection out of the "
                "queue."), lambda: self.lab.script.play([(0.3, Until(self._accept))])),
            LabStep(self.tr("Data both ways"), self.tr(
                "<b>send()</b> hands bytes to the kernel; the other end's <b>recv()</b> "
                "returns them (the Winsock DataArrival event)."), self._step_data),
            LabStep(self.tr("close(): the four-way close"), self.tr(
                "The client closes first: <b>FIN</b>, its end goes FIN_WAIT1 then "
                "<b>FIN_WAIT2</b> when the server's kernel acknowledges. The server is in "
                "<b>CLOSE_WAIT</b> and reads the end of the stream (recv returns 0); it "
                "closes too: FIN, <b>LAST_ACK</b>, and the client's ACK ends it. The side "
                "that closed first stays in <b>TIME_WAIT</b>."), self._step_close),
            LabStep(self.tr("TIME_WAIT"), self.tr(
                "The end that closed first keeps the connection in TIME_WAIT for twice the "
                "maximum segment lifetime, so a late duplicate of an old segment cannot be "
                "taken for part of a new connection and the last ACK can be sent again. "
                "Linux holds it exactly 60 s; Windows and macOS differ. It belongs to no "
                "program any more: only the kernel's table shows it. Watch the countdown."),
                None),
            LabStep(self.tr("abort: RST"), self.tr(
                "With <b>SO_LINGER {1, 0}</b>, close() sends <b>RST</b> instead of FIN: the "
                "connection is gone at once on both ends, there is no TIME_WAIT, and the "
                "peer's recv() fails with “connection reset”. Closing with unread data "
                "received also sends RST."), self._step_abort),
            LabStep(self.tr("Half-close: shutdown(SHUT_WR)"), self.tr(
                "<b>shutdown(SHUT_WR)</b> sends FIN for the client's writing half only. The "
                "server reads the end of the stream and can still send: the client still "
                "reads. Then the server closes and the client ends in TIME_WAIT."),
                self._step_half_close),
            LabStep(self.tr("Simultaneous close"), self.tr(
                "Both ends close at the same moment: each FIN leaves before the other's "
                "arrives. On loopback that needs a trick: both ends fill the other's "
                "window, then call shutdown(SHUT_WR), so each FIN waits behind data; then "
                "both read. Both ends are in <b>FIN_WAIT1</b> at once, each receives a FIN "
                "while waiting for the ACK of its own (<b>CLOSING</b>, for less than a "
                "round trip, too short to sample here), and <b>both</b> end in TIME_WAIT: "
                "both closed first."), self._step_simultaneous),
            LabStep(self.tr("Restarting a server: SO_REUSEADDR"), self.tr(
                "Now the <b>server</b> closes first, so the TIME_WAIT holds the server's "
                "port. The server restarts: a new socket without SO_REUSEADDR cannot bind "
                "(Address already in use) for as long as that TIME_WAIT lasts; with "
                "SO_REUSEADDR it binds at once. On Linux both the new socket and the "
                "listener that accepted the old connection need the option. Python's "
                "socket.create_server and Qt's QTcpServer set it for you."),
                self._step_restart),
        ]

    # --- the steps -------------------------------------------------------------------------

    def _fresh(self) -> None:
        self.lab.stop()
        self.diagram.clear()
        self._problem.clear()
        self._apply_addresses()

    def _step_listen(self) -> None:
        self._fresh()
        self.lab.auto_accept = False
        self.lab.listen(reuse_address=True)

    def _step_connect(self) -> None:
        self.lab.auto_accept = False
        if not self.lab.listening:
            self._apply_addresses()
            self.lab.listen(reuse_address=True)
        self.lab.connect(hold_handshake=True)

    def _accept(self) -> bool:
        if self.lab.connected(SERVER):
            return True
        return self.lab.accept()

    def _connection(self) -> list[Step]:
        """The script's first steps: a listener, a connection, both ends accepted."""
        def listen() -> None:
            self.lab.auto_accept = True
            if not self.lab.listening:
                self._apply_addresses()
                self.lab.listen(reuse_address=True)

        def connect() -> None:
            if not (self.lab.connected(CLIENT) and self.lab.connected(SERVER)):
                self.lab.connect()

        return [(0, listen), (0, connect), (0, Until(self._both_connected))]

    def _both_connected(self) -> bool:
        return self.lab.connected(CLIENT) and self.lab.connected(SERVER)

    def _step_data(self) -> None:
        self.lab.script.play([*self._connection(),
                              (0.5, lambda: self.lab.send(CLIENT, b"hello\n")),
                              (0.8, lambda: self.lab.send(SERVER, b"hi there\n"))])

    def _step_close(self) -> None:
        self.lab.script.play([*self._connection(),
                              (0.5, lambda: self.lab.close(CLIENT)),
                              (1.0, self._state_is(SERVER, "CLOSE_WAIT")),
                              (0, lambda: self.lab.close(SERVER))])

    def _step_abort(self) -> None:
        self._fresh()
        self.lab.script.play([*self._connection(), (0.8, lambda: self.lab.abort(CLIENT))])

    def _step_half_close(self) -> None:
        self._fresh()
        self.lab.script.play([
            *self._connection(),
            (0.8, lambda: self.lab.half_close(CLIENT)),
            (1.0, self._state_is(SERVER, "CLOSE_WAIT")),
            (0, lambda: self.lab.send(SERVER, b"still here\n")),
            (1.0, lambda: self.lab.close(SERVER)),
        ])

    def _step_simultaneous(self) -> None:
        self._fresh()
        self.lab.script.play([*self._connection(), (0.8, self.lab.simultaneous_close)])

    def _step_restart(self) -> None:
        self._fresh()
        self.lab.script.play([
            *self._connection(),
            (0.8, lambda: self.lab.close(SERVER)),
            (0.8, self._state_is(CLIENT, "CLOSE_WAIT")),
            (0, lambda: self.lab.close(CLIENT)),
            (0, self._state_is(SERVER, "TIME_WAIT")),
            (1.0, lambda: self.lab.restart_listener(reuse_address=False)),
            (2.0, lambda: self.lab.restart_listener(reuse_address=True)),
        ])

    def _state_is(self, end: str, state: str) -> Until:
        return Until(lambda: self.lab.state(end) == state)

    # --- building and showing --------------------------------------------------------------

    def _build(self) -> None:
        """Controls in rows above the diagram: the page fits the lab window's middle
        column (about 760 px wide at 1366x768) and the diagram gets the height."""
        self._listen_host = QLineEdit(self.lab.listen_host)
        self._connect_host = QLineEdit(self.lab.connect_host)
        self._port = QSpinBox(minimum=0, maximum=65535, value=0)
        self._port.setSpecialValueText(self.tr("any free port"))
        hint = self.tr("Loopback by default. To use two machines, listen on 0.0.0.0 or "
                       "connect to another machine's address where this lab (or any "
                       "server) listens; the far side is not drawn.")
        addresses = QHBoxLayout()
        for label, field in ((self.tr("Listen on:"), self._listen_host),
                             (self.tr("Connect to:"), self._connect_host),
                             (self.tr("Port:"), self._port)):
            field.setToolTip(hint)
            addresses.addWidget(QLabel(label))
            addresses.addWidget(field, 1)

        grid = QGridLayout()
        grid.setSpacing(4)
        buttons = [
            (self.tr("Listen"), lambda: self._apply_and(lambda: self.lab.listen(True))),
            (self.tr("Connect"), lambda: self._apply_and(self.lab.connect)),
            (self.tr("Accept"), self.lab.accept),
            (self.tr("Client sends"), lambda: self.lab.send(CLIENT, b"hello\n")),
            (self.tr("Server sends"), lambda: self.lab.send(SERVER, b"hi\n")),
            (self.tr("Client close (FIN)"), lambda: self.lab.close(CLIENT)),
            (self.tr("Server close (FIN)"), lambda: self.lab.close(SERVER)),
            (self.tr("Client abort (RST)"), lambda: self.lab.abort(CLIENT)),
            (self.tr("Server abort (RST)"), lambda: self.lab.abort(SERVER)),
            (self.tr("Client shutdown(SHUT_WR)"), lambda: self.lab.half_close(CLIENT)),
            (self.tr("Simultaneous close"), self.lab.simultaneous_close),
            (self.tr("Restart without SO_REUSEADDR"), lambda: self.lab.restart_listener(False)),
            (self.tr("Restart with SO_REUSEADDR"), lambda: self.lab.restart_listener(True)),
        ]
        self.buttons: dict[str, QPushButton] = {}
        for index, (text, slot) in enumerate(buttons):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, slot=slot: self._clicked(slot))
            grid.addWidget(button, index // BUTTON_COLUMNS, index % BUTTON_COLUMNS)
            self.buttons[text] = button

        self._client_state = QLabel()
        self._server_state = QLabel()
        self._time_wait = QLabel()
        self._time_wait.setWordWrap(True)
        self._problem = QLabel()
        self._problem.setWordWrap(True)
        self._problem.setStyleSheet(PROBLEM_STYLE)
        states = QHBoxLayout()
        for label, value in ((self.tr("Client:"), self._client_state),
                             (self.tr("Server:"), self._server_state),
                             (self.tr("TIME_WAIT:"), self._time_wait)):
            caption = QLabel(label)
            caption.setStyleSheet("font-weight: bold;")
            states.addWidget(caption)
            states.addWidget(value, 1 if value is self._time_wait else 0)
            states.addSpacing(12)
        self._show_states()

        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(self.diagram)
        layout = QVBoxLayout(self)
        layout.addLayout(addresses)
        layout.addLayout(grid)
        layout.addLayout(states)
        layout.addWidget(self._problem)
        layout.addWidget(self._scroll, 1)

    def _apply_addresses(self) -> None:
        if not self.lab.listening:
            self.lab.listen_host = self._listen_host.text().strip()
            self.lab.port = self._port.value()
        self.lab.connect_host = self._connect_host.text().strip()

    def _apply_and(self, action: Action) -> None:
        self._apply_addresses()
        action()

    def _clicked(self, slot: Action) -> None:
        self.lab.script.cancel()
        self._problem.clear()
        slot()

    def _on_lab_event_added(self, event) -> None:
        self.diagram.add_event(event)
        bar = self._scroll.verticalScrollBar()
        QTimer.singleShot(0, bar, lambda: bar.setValue(bar.maximum()))

    def _on_lab_state_changed(self, _end: str, _state: str) -> None:
        self._show_states()

    def _on_lab_problem(self, sentence: str) -> None:
        self._problem.setText(sentence)

    def problem_text(self) -> str:
        return self._problem.text()

    def _show_states(self) -> None:
        self._client_state.setText(self.lab.state(CLIENT) or self.tr("no connection"))
        self._server_state.setText(self.lab.state(SERVER) or (
            "LISTEN" if self.lab.listening else self.tr("no connection")))

    def _show_time_waits(self) -> None:
        lines = []
        for end, port, held in self.lab.time_waits():
            who = self.tr("client") if end == CLIENT else self.tr("server")
            if TIME_WAIT_S is not None:
                lines.append(self.tr("{0} port {1}: {2:.1f} s so far, about {3:.0f} s left "
                                     "(Linux holds it 60 s)").format(
                    who, port, held, max(0.0, TIME_WAIT_S - held)))
            else:
                lines.append(self.tr("{0} port {1}: {2:.1f} s so far").format(who, port, held))
        self._time_wait.setText("\n".join(lines) or self.tr("none"))
        self._show_states()

    def time_wait_text(self) -> str:
        return self._time_wait.text()
