"""Every control has a name a screen reader can say, and the keyboard reaches it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QLineEdit, QPlainTextEdit)


def spoken_name(widget: QWidget, buddies: set[int]) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    return "(labelled)" if id(widget) in buddies else ""


def controls_without_names(window: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.objectName().startswith("qt_"):
            continue
        if type(widget).__name__ in ("QDockWidgetTitleButton", "QHeaderView"):
            continue  # parts of Qt's own widgets: the dock or table names them
        if not spoken_name(widget, buddies):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_server_window_controls_have_names(server_window):
    assert controls_without_names(server_window) == []


def test_client_window_controls_have_names(connect_client_window):
    assert controls_without_names(connect_client_window("alice")) == []


def test_the_keyboard_reaches_the_message_box_and_the_chat(qtbot, connect_client_window):
    window = connect_client_window("alice")
    focusable = [
        w
        for w in window.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible()
    ]
    for wanted in (window.message_input.edit, window.chat_view, window.user_list):
        assert wanted in focusable
    # The message box does not trap Tab: it moves focus on, like any field.
    assert window.message_input.edit.tabChangesFocus()
