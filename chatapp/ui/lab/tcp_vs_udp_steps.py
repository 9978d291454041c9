"""Lab 4's guided steps: each sets the relay and sends, and says what to look for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from .lab_page import LabStep
from .relay_controls import RelayControls

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text")


def lab_steps(controls: RelayControls, start_run: Callable[[], None]) -> list[LabStep]:
    def run_with(**values: int) -> Callable[[], None]:
        def enter() -> None:
            controls.set_values(**values)
            start_run()
        return enter

    return [
        LabStep(
            translate("TcpVsUdpLab",
                      "Datagrams: no connection, no state"),
            translate("TcpVsUdpLab",
                      "UDP sends each message as a datagram of its own: no handshake first, no "
                      "connection, nothing remembered at either end, and the sender never learns "
                      "whether anything arrived. Here the relay is clean, so on one machine every "
                      "datagram arrives, in order, just like over TCP.<br>With two machines, press "
                      "<i>Receive for another machine</i> on one and type its address as the "
                      "receiver on the other."),
            run_with(),
        ),
        LabStep(
            translate("TcpVsUdpLab",
                      "Loss"),
            translate("TcpVsUdpLab",
                      "The relay now drops 10 % of the datagrams, as a crowded Wi-Fi or a full "
                      "router queue would. Plain UDP's column shows the gaps in red: nobody "
                      "noticed "
                      "and nobody sent them again. TCP's column is complete. A program cannot drop "
                      "TCP segments, it only ever sees bytes; to lose segments the kernel must "
                      "do it "
                      "(on Linux: <code>tc qdisc add dev lo root netem loss 10%</code>), and even "
                      "then TCP's own retransmissions hide the loss: only the time grows."),
            run_with(loss=10),
        ),
        LabStep(
            translate("TcpVsUdpLab",
                      "Duplication"),
            translate("TcpVsUdpLab",
                      "A network may deliver one datagram twice (a link that resends, a route that "
                      "changes). With 20 % duplication plain UDP hands some messages to the "
                      "program "
                      "twice, marked in orange. TCP never does: from its sequence numbers the "
                      "receiving kernel knows the bytes it already has and throws copies away."),
            run_with(duplicate=20),
        ),
        LabStep(
            translate("TcpVsUdpLab",
                      "Reordering"),
            translate("TcpVsUdpLab",
                      "Datagrams travel on their own and may overtake each other. The relay holds "
                      "30 % of them back by up to 60 ms: UDP's column shows the late ones in blue. "
                      "TCP puts the bytes back in order before the program sees them, so one "
                      "missing segment holds up everything behind it (head-of-line blocking)."),
            run_with(reorder=30),
        ),
        LabStep(
            translate("TcpVsUdpLab",
                      "What TCP guarantees"),
            translate("TcpVsUdpLab",
                      "TCP gives the program every byte, once and in order, or an error when the "
                      "connection fails. It keeps no message boundaries (lab 1 shows that), and it "
                      "pays in time: compare <i>Time to deliver</i> as loss and delay grow. Here "
                      "everything at once: 10 % loss, 10 % duplication, 20 % reordering and 20 ms "
                      "of delay each way."),
            run_with(loss=10, duplicate=10, reorder=20, delay=20),
        ),
        LabStep(
            translate("TcpVsUdpLab",
                      "Reliability built on UDP, and its cost"),
            translate("TcpVsUdpLab",
                      "The third column is UDP with a small layer on top, as QUIC or a game does: "
                      "each datagram carries a sequence number, the receiver acknowledges each one "
                      "(and everything before the first gap), the sender resends what is not "
                      "acknowledged within a timeout measured from the round trip, and the "
                      "receiver "
                      "drops copies and holds early ones until the gap is filled. Everything "
                      "arrives, once, in order. The cost is in the counters: more datagrams than "
                      "messages, an ack for each, and extra time for every resend."),
            run_with(loss=20, duplicate=10, reorder=20, delay=10, count=50),
        ),
    ]
