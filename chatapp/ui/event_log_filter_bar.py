"""The event log's filter controls: kinds, heartbeats, one connection, Winsock
events; the choice is remembered in the settings (all but the connection)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu, QSizePolicy, QToolButton, QWidget

from .event_log_filter import EventFilter, FilterChoice
from .event_log_model import KINDS, WINSOCK_EVENTS, EventLogModel, kind_label, winsock_event_label


class EventFilterBar(QWidget):
    def __init__(
        self, model: EventLogModel, proxy: EventFilter, settings: Any = None, parent=None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._proxy = proxy
        self._settings = settings
        choice = FilterChoice.from_saved(settings.event_log_filter() if settings else None)
        proxy.apply(choice)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)

        self.filter_button = self._menu_button(
            self.tr("&Filter"), self.tr("Choose which kinds of events to show")
        )
        self.kind_actions = self._checkable_menu(
            self.filter_button, KINDS, kind_label, choice.hidden_kinds, self._on_kind_toggled
        )
        self.winsock_button = self._menu_button(
            self.tr("&Winsock"),
            self.tr("Show only some Winsock network events (FD_READ, FD_WRITE, FD_ACCEPT…)"),
        )
        self.event_actions = self._checkable_menu(
            self.winsock_button,
            WINSOCK_EVENTS,
            winsock_event_label,
            choice.hidden_events,
            self._on_event_toggled,
        )
        self.heartbeat_button = QToolButton(self)
        self.heartbeat_button.setText(self.tr("&Heartbeats"))
        self.heartbeat_button.setCheckable(True)
        self.heartbeat_button.setChecked(choice.heartbeats)
        self.heartbeat_button.setToolTip(
            self.tr("Show the pings and pongs, and the reads and writes that carry them")
        )
        self.heartbeat_button.toggled.connect(self._on_heartbeat_toggled)

        self.connection_combo = QComboBox(self)
        self.connection_combo.setAccessibleName(self.tr("Connection to show"))
        self.connection_combo.setToolTip(self.tr("Show the events of one connection only"))
        self.connection_combo.view().setAccessibleName(self.tr("Connections"))
        self.connection_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.connection_combo.setMinimumContentsLength(len(self.tr("All connections")) + 1)
        self.connection_combo.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed
        )
        self._fill_connections()
        self.connection_combo.currentIndexChanged.connect(self._on_connection_chosen)
        model.connections_changed.connect(self._fill_connections)
        for widget in (
            self.filter_button,
            self.winsock_button,
            self.heartbeat_button,
            self.connection_combo,
        ):
            row.addWidget(widget)

    def _menu_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return button

    def _checkable_menu(
        self, button: QToolButton, values, label, hidden: set[str], slot
    ) -> dict[str, QAction]:
        menu = QMenu(button)
        actions: dict[str, QAction] = {}
        for value in values:
            action = menu.addAction(label(value))
            action.setCheckable(True)
            action.setChecked(value not in hidden)
            action.toggled.connect(lambda on, v=value: slot(v, on))
            actions[value] = action
        button.setMenu(menu)
        return actions

    # --- slots -----------------------------------------------------------------

    def _on_kind_toggled(self, kind: str, shown: bool) -> None:
        self._proxy.set_kind_shown(kind, shown)
        self._save()

    def _on_event_toggled(self, event: str, shown: bool) -> None:
        self._proxy.set_event_shown(event, shown)
        self._save()

    def _on_heartbeat_toggled(self, shown: bool) -> None:
        self._proxy.set_heartbeats_shown(shown)
        self._save()

    def _on_connection_chosen(self, index: int) -> None:
        self._proxy.set_connection(self.connection_combo.itemData(index))

    def _fill_connections(self) -> None:
        combo = self.connection_combo
        current = combo.currentData()
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All connections"), None)
        for key, source in self._model.connection_labels.items():
            text = source if key in source else f"{source} ({key})"
            combo.addItem(text, key)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(blocked)
        if current is not None and index < 0:  # its rows were cleared: show everything
            self._proxy.set_connection(None)

    def choose_connection(self, key: str | None) -> None:
        index = self.connection_combo.findData(key) if key is not None else 0
        self.connection_combo.setCurrentIndex(max(0, index))

    def _save(self) -> None:
        if self._settings is not None:
            self._settings.set_event_log_filter(self._proxy.choice.to_saved())
