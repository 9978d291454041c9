"""The labs' sentences, translated where they are made (the windows load the
translator; without one, and in tests, they stay English)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def sentence(context: str, text: str, *values: object) -> str:
    """`text` translated in `context`, its %1, %2... replaced by `values`."""
    translated = QCoreApplication.translate(context, text)
    for number in range(len(values), 0, -1):  # %10 before %1
        translated = translated.replace(f"%{number}", str(values[number - 1]))
    return translated
