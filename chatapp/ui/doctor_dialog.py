"""Help > Connectivity doctor: the doctor's checks (chatapp/doctor) in a dialog,
each finding shown as it arrives, with an icon per verdict, what the check
did, a progress bar and "Copy report". The checks run off the GUI thread;
the dialog only listens to the run's signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..doctor.discovery_watch import BorrowedFinder, FinderFactory
from ..doctor.finding import INFO, OK, PROBLEM, WARNING, Finding, worst_verdict
from ..doctor.report import heading_for, report_text, verdict_label
from ..doctor.run import DoctorRequest, DoctorRun
from .connect_page import WIDEST_HOST, field_width
from .finding_delegate import DONE_ROLE, FindingDelegate

# Fits a 1366x768 screen with room to spare; the list wraps its sentences.
DEFAULT_SIZE = (760, 520)
_ICONS = {
    PROBLEM: QStyle.StandardPixmap.SP_MessageBoxCritical,
    WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    OK: QStyle.StandardPixmap.SP_DialogApplyButton,
}


class DoctorDialog(QDialog):
    def __init__(self, request: DoctorRequest, finder_factory: FinderFactory | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connectivity doctor"))
        self.setObjectName("doctor_dialog")
        self.request = request
        self._finder_factory = finder_factory
        self.run: DoctorRun | None = None
        self.findings: list[Finding] = []

        intro = QLabel(self.tr(
            "Why can't they connect? These checks look at this machine's networks, the chat "
            "port, the way to the server, discovery and the firewall. Each one is bounded in "
            "time and says what it did."), self)
        intro.setWordWrap(True)
        self.host_edit = QLineEdit(request.host, self)
        self.host_edit.setPlaceholderText(self.tr("server name or IP address"))
        self.host_edit.setAccessibleName(self.tr("Server address"))
        self.host_edit.setMinimumWidth(field_width(self.host_edit, WIDEST_HOST))
        self.port_spin = QSpinBox(self)
        self.port_spin.setRange(0, 65535)
        self.port_spin.setValue(request.port)
        self.port_spin.setAccessibleName(self.tr("Port"))
        self.server_check = QCheckBox(self.tr("This machine is the server"), self)
        self.server_check.setChecked(request.as_server)
        self.server_check.toggled.connect(self._on_server_check_toggled)
        self.check_button = QPushButton(self.tr("Check &again"), self)
        self.check_button.clicked.connect(self.start)
        row = QHBoxLayout()
        host_label = QLabel(self.tr("&Server:"), self)
        host_label.setBuddy(self.host_edit)
        port_label = QLabel(self.tr("&Port:"), self)
        port_label.setBuddy(self.port_spin)
        row.addWidget(host_label)
        row.addWidget(self.host_edit, 1)
        row.addWidget(port_label)
        row.addWidget(self.port_spin)
        row.addWidget(self.server_check)
        row.addWidget(self.check_button)

        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(self.tr("Findings"))
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrap on resize
        self.list.setItemDelegate(FindingDelegate(self.list))
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Progress of the checks"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(self.tr("&Copy report"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(*DEFAULT_SIZE)
        self._on_server_check_toggled(request.as_server)

    # --- running ------------------------------------------------------------------

    def start(self) -> None:
        """(Re)run every check with the address and port shown."""
        self._stop_run()
        self.request = self._request_from_fields()
        self.findings = []
        self.list.clear()
        self.run = DoctorRun(self.request, self._finder_factory, self)
        self.run.finding_ready.connect(self._on_run_finding_ready)
        self.run.progress_changed.connect(self._on_run_progress_changed)
        self.run.finished.connect(self._on_run_finished)
        self.check_button.setEnabled(False)
        self.status.setText(self.tr("Checking…"))
        self.run.start()

    def _request_from_fields(self) -> DoctorRequest:
        as_server = self.server_check.isChecked()
        return DoctorRequest(
            "" if as_server else self.host_edit.text().strip(), self.port_spin.value(),
            as_server=as_server, timeout=self.request.timeout,
            own_server_port=self.request.own_server_port,
            discovery_wait=self.request.discovery_wait, discovery=self.request.discovery)

    def _on_server_check_toggled(self, as_server: bool) -> None:
        self.host_edit.setEnabled(not as_server)
        self.port_spin.setMinimum(0 if as_server else 1)  # 0: the server picks a free port

    def _on_run_finding_ready(self, finding: Finding) -> None:
        self.findings.append(finding)
        self.list.addItem(self._item(finding))

    def _on_run_progress_changed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_run_finished(self, findings: list[Finding]) -> None:
        # The most important first, now that all are in.
        self.findings = list(findings)
        self.list.clear()
        for finding in self.findings:
            self.list.addItem(self._item(finding))
        self.check_button.setEnabled(True)
        worst = worst_verdict(self.findings)
        seconds = self.run.seconds if self.run is not None else 0.0
        if worst == PROBLEM:
            text = self.tr("Done in %1 s: the first line says what stops the connection.")
        elif worst == WARNING:
            text = self.tr("Done in %1 s: no blocking problem found, but read the warnings.")
        else:
            text = self.tr("Done in %1 s: nothing wrong found.")
        self.status.setText(text.replace("%1", f"{seconds:.1f}"))

    def _item(self, finding: Finding) -> QListWidgetItem:
        done = " ".join(finding.done.split())
        item = QListWidgetItem(finding.sentence)
        item.setIcon(self._icon(finding.verdict))
        item.setToolTip(done)
        item.setData(Qt.ItemDataRole.UserRole, finding.verdict)
        item.setData(DONE_ROLE, f"{done} ({finding.seconds:.1f} s)")
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"{verdict_label(finding.verdict)}: {finding.sentence} {done}")
        return item

    def _icon(self, verdict: str) -> QIcon:
        return self.style().standardIcon(_ICONS[verdict])

    # --- the report ---------------------------------------------------------------

    def report(self) -> str:
        heading = heading_for(self.request.host, self.request.port, self.request.as_server,
                              __version__)
        return report_text(self.findings, heading)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report())
        self.status.setText(self.tr("The report is on the clipboard: paste it into a message."))

    # --- closing ------------------------------------------------------------------

    def _stop_run(self) -> None:
        if self.run is not None:
            self.run.cancel()
            self.run.deleteLater()
            self.run = None

    def done(self, result: int) -> None:
        self._stop_run()
        super().done(result)


def request_for_window(window: Any) -> DoctorRequest:
    """What to check, from a window: the server window checks this machine as the
    server on its port; the client window the host and port it connects to.
    Discovery listens where the window's settings say."""
    settings = getattr(window, "settings", None)
    interfaces = tuple(getattr(settings, "discovery_interfaces", None) or ())
    beacon_port = getattr(settings, "discovery_udp_port", None)
    where = {"discovery_interfaces": interfaces,
             "beacon_port": beacon_port if isinstance(beacon_port, int) else None}
    server = getattr(window, "server", None)
    port_spin = getattr(window, "port_spin", None)
    port = port_spin.value() if port_spin is not None else 0
    if server is not None:
        listening = bool(server.is_listening)
        return DoctorRequest("", server.port if listening else port, as_server=True,
                             own_server_port=server.port if listening else None, **where)
    host_edit = getattr(window, "host_edit", None)
    host = host_edit.text().strip() if host_edit is not None else ""
    return DoctorRequest(host, port, **where)


def finder_for_window(window: Any) -> FinderFactory | None:
    """The window's own finder when it runs one (the client's server list),
    a factory that says discovery is turned off, or None: a finder of its own."""
    running = getattr(getattr(window, "discovery", None), "finder", None)
    if running is not None:
        return lambda parent: BorrowedFinder(running, parent)
    settings = getattr(window, "settings", None)
    if getattr(settings, "discovery_enabled", True) is False:
        reason = QCoreApplication.translate("DoctorDialog",
                                            "it is turned off in this program's settings")
        return lambda _parent: reason
    return None


def show_doctor_dialog(window: QWidget, dialog: DoctorDialog | None = None) -> DoctorDialog:
    """Open the doctor for `window` (or raise the one already open) and start it."""
    if dialog is None or not dialog.isVisible():
        if dialog is not None:
            dialog.deleteLater()
        dialog = DoctorDialog(request_for_window(window), finder_for_window(window),
                              parent=window)
        dialog.show()
        dialog.start()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
