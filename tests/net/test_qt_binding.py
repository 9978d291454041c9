"""Guards against a Qt binding that corrupts memory under our signals."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


def test_emitting_a_bool_keeps_its_reference(qtbot):
    # PySide6 6.12.0 dropped a reference to True on every emit; after enough
    # emits the interpreter aborts at exit ("bool_dealloc"). pyproject.toml
    # excludes that release; this fails loudly if such a build comes back.
    emitter = _Emitter()
    emitter.flag.connect(lambda value: None)
    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.flag.emit(True)
    assert sys.getrefcount(True) >= before - 5
