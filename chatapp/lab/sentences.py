"""The labs' sentences, translated where they are made (the windows load the
translator; without one, and in tests, they stay English).

Written `fill(translate("Context", "text with %1"), value)`: pyside6-lupdate
finds translate("Context", "text") calls, and the values go in afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def fill(text: str, *values: object) -> str:
    """`text` with its %1, %2... replaced by `values`."""
    for number in range(len(values), 0, -1):  # %10 before %1
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text
