"""The server window under a busy room: what it keeps, and a client table that
keeps its columns fitted without measuring every cell on every change."""

from PySide6.QtWidgets import QHeaderView
from ui_support import WAIT_MS

from chatapp.protocol import Chat
from chatapp.ui import server_window as server_window_module
from chatapp.ui.client_table import NICK


def test_the_room_keeps_the_newest_messages(qtbot, server, settings, monkeypatch):
    monkeypatch.setattr(server_window_module, "ROOM_ROWS_KEPT", 50)
    window = server_window_module.ServerWindow(server=server, settings=settings)
    qtbot.addWidget(window)
    window.show()
    for seq in range(1, 121):
        server.chat_posted.emit(Chat(seq, "2026-11-24T10:00:00.000Z", "alice", f"m{seq}"))
    window.chat_view.flush()
    texts = window.chat_view.texts()
    assert len(texts) == 50
    assert texts[-50:] == [f"m{seq}" for seq in range(71, 121)]


def test_client_table_columns_fit_a_new_client(qtbot, server_window, connect_client_window):
    table = server_window.client_table
    header = table.horizontalHeader()
    assert header.sectionResizeMode(NICK) == QHeaderView.ResizeMode.Interactive
    connect_client_window("a_rather_long_nick_for_a_column")
    model = server_window.client_model
    qtbot.waitUntil(
        lambda: any(r.nick == "a_rather_long_nick_for_a_column" for r in model.rows()),
        timeout=WAIT_MS,
    )
    # Fitted on a timer, once the row's text is known: as wide as its text needs.
    qtbot.waitUntil(
        lambda: table.columnWidth(NICK) >= table.sizeHintForColumn(NICK) > 0, timeout=WAIT_MS
    )
    nick_width = table.fontMetrics().horizontalAdvance("a_rather_long_nick_for_a_column")
    assert table.columnWidth(NICK) > nick_width
