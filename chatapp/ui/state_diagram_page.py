"""The state panel's diagram tab: the live TCP state diagram of the selected
connection (this end and, when it runs on this machine, the peer), the
sentence of the state last clicked, and an export for slides."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .tcp_state_diagram import TcpStateDiagram

LOCAL_END, PEER_END = "local", "peer"
READABLE_SIZE = QSize(340, 400)


class StateDiagramPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.diagram = TcpStateDiagram(self)
        self.diagram.set_end_label(LOCAL_END, self.tr("this end"))
        self.diagram.set_end_label(PEER_END, self.tr("peer"))
        self.diagram.setToolTip(
            self.tr(
                "Click a state to see what it means. The peer's state shows when it runs "
                "on this machine (the kernel here knows both ends)."
            )
        )
        # Below the size where its words stay readable the diagram scrolls (in a
        # short panel under the chat) rather than shrinking to a thumbnail.
        self.diagram.setMinimumSize(READABLE_SIZE)
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.diagram)
        layout.addWidget(scroller, 1)
        row = QHBoxLayout()
        self.explanation = QLabel(self.tr("Click a state to see what it means."), self)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName(self.tr("What the state means"))
        self.export_button = QPushButton(self.tr("E&xport…"), self)
        self.export_button.setToolTip(self.tr("Save the diagram as PNG or SVG, for slides"))
        self.export_button.clicked.connect(self._on_export_clicked)
        row.addWidget(self.explanation, 1)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.diagram.state_clicked.connect(self._on_diagram_state_clicked)

    def follow(self, local: str | None, peer: str | None) -> None:
        self.diagram.set_state(LOCAL_END, local)
        self.diagram.set_state(PEER_END, peer)

    def clear(self) -> None:
        self.diagram.clear()

    def _on_diagram_state_clicked(self, state: str, sentence: str) -> None:
        self.explanation.setText(f"{state}: {sentence}")

    def _on_export_clicked(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the TCP state diagram"),
            "tcp-states.svg",
            self.tr("SVG image (*.svg);;PNG image (*.png)"),
        )
        if path:
            self.export(path)

    def export(self, path: str) -> bool:
        """SVG or PNG by the file's ending."""
        if path.lower().endswith(".png"):
            return self.diagram.render_to_png(path)
        return self.diagram.render_to_svg(path)
