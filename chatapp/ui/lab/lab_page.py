"""What every lab page is: a title, steps to walk through, views to export.

The lab window (lab_window.py) lists the pages of catalog.py, shows the current
step's explanation with Back and Next, and offers slow motion and export; a page
only says what its steps are and does the work when one is entered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class LabStep:
    title: str  # short, shown in the step list ("Send a burst with Nagle on")
    text: str  # the explanation, rich text, a few sentences
    enter: Callable[[], None] | None = None  # run when the step is shown (sets controls, acts)


class LabPage(QWidget):
    """One lab. Subclasses build their controls and views in __init__."""

    def title(self) -> str:
        raise NotImplementedError

    def steps(self) -> list[LabStep]:
        """The guided walk through the lab, first step first (at least one)."""
        raise NotImplementedError

    def set_slow_motion(self, factor: float) -> None:
        """Stretch the lab's own delays by `factor` (1.0 = real speed), so a class can
        follow each event. The kernel's timers (TIME_WAIT, retransmission) stay real."""

    def exportable_views(self) -> dict[str, QWidget]:
        """Diagrams and timelines a teacher may want on a slide, by a file-name stem."""
        return {}

    def stop(self) -> None:
        """Close every socket and timer of the lab: the page was left or the window closed."""
