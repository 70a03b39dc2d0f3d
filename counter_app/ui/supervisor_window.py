"""The supervisor's window (role supervisor or admin): the live monitor of the hall, and the queue,
dossier (QĐ 766 indicators) and rating reports with charts and exports.

The window receives its services in the constructor (:class:`SupervisorServices`); the monitor is
re-read off the GUI thread whenever the change feed reports a change (so a call at any counter shows
within a second) and every few seconds for the running clocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.domain.reference import ROLE_LABELS_VI, Officer, Role
from counter_app.services.monitor import HallMonitor, Monitor
from counter_app.services.ports.reports import (
    DOSSIER_GROUPINGS,
    QUEUE_GROUPINGS,
    RATING_GROUPINGS,
    GroupBy,
)
from counter_app.services.report_layout import REPORT_TITLES_VI, ReportFiles
from counter_app.services.reports import Reports
from counter_app.services.sync_status import SyncStatusService
from counter_app.ui import theme
from counter_app.ui.common import ensure_app
from counter_app.ui.feed_watch import watch_changes
from counter_app.ui.qt import QtCore, QtWidgets, Signal
from counter_app.ui.supervisor_monitor import MonitorTab
from counter_app.ui.supervisor_reports import ReportTab
from counter_app.ui.sync_status import SyncDevicesTab, attach_to_status_bar, devices_tab
from counter_app.ui.worker import Worker

TICK_MS = 5000
RELOAD_DELAY_MS = 150


@dataclass(frozen=True)
class SupervisorServices:
    """What the window needs from the composition root."""

    reports: Reports
    monitor: Monitor
    report_files: ReportFiles
    sync_status: SyncStatusService | None = None


class SupervisorWindow(QtWidgets.QMainWindow):
    """Monitor and report tabs; ``monitor_shown`` after each monitor refresh."""

    monitor_shown = Signal()

    def __init__(self, services: SupervisorServices, officer: Officer, centre_name: str,
                 tz: ZoneInfo, *, today: dt.date | None = None,
                 open_feed: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("supervisor")
        self.setWindowTitle(f"Giám sát và báo cáo — {centre_name}")
        self.services, self.officer, self.tz = services, officer, tz
        self.worker = Worker(self, threads=2, name="supervisor")
        day = today or dt.datetime.now(tz).date()
        s, o = services, officer
        self.monitor_tab = MonitorTab()
        self.reports = {
            "queue": ReportTab("queue", "Xếp hàng", QUEUE_GROUPINGS, self.worker,
                               lambda p, b: s.reports.queue(o, p, b), s.report_files, day, tz,
                               default_by=GroupBy.SERVICE),
            "dossiers": ReportTab("dossiers", "Hồ sơ (QĐ 766)", DOSSIER_GROUPINGS, self.worker,
                                  lambda p, b: s.reports.dossiers(o, p, b), s.report_files, day,
                                  tz, drill=lambda p, b, k, f: s.reports.dossier_items(o, p, b, k, f),
                                  default_by=GroupBy.FIELD),
            "ratings": ReportTab("ratings", "Đánh giá", RATING_GROUPINGS, self.worker,
                                 lambda p, b: s.reports.ratings(o, p, b), s.report_files, day, tz,
                                 default_by=GroupBy.COUNTER),
        }
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("supervisor-tabs")
        self.tabs.addTab(self.monitor_tab, MonitorTab.title)
        for tab in self.reports.values():
            self.tabs.addTab(tab, tab.title)
            tab.setToolTip(REPORT_TITLES_VI[tab.kind])
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._header(centre_name))
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Đăng nhập: {officer.full_name} ({officer.username})")
        attach_to_status_bar(self, services)
        self.devices_tab = devices_tab(services, officer, self.worker, tz)
        if self.devices_tab is not None:
            self.tabs.addTab(self.devices_tab, SyncDevicesTab.title)
        self.worker.online.connect(self._online)
        self._reload = theme.timer(self, self.refresh_monitor, single=True)
        self._tick = theme.timer(self, self.refresh_monitor)
        self._tick.start(TICK_MS)
        self.watcher = watch_changes(self, open_feed,
                                     lambda: self._reload.start(RELOAD_DELAY_MS))
        self.resize(1366, 768)
        self.refresh_monitor()

    def _header(self, centre_name: str) -> QtWidgets.QFrame:
        bar, _row = theme.staff_header(
            "supervisor-header", centre_name,
            f"Giám sát và báo cáo · {self.officer.full_name} ({ROLE_LABELS_VI[self.officer.role]})")
        return bar

    def _online(self, online: bool) -> None:
        self.statusBar().showMessage(
            f"Đăng nhập: {self.officer.full_name}" if online
            else "Mất kết nối CSDL — đang thử lại…")

    def _tab_shown(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, ReportTab) and tab.report is None:
            tab.refresh()
        elif isinstance(tab, SyncDevicesTab):
            tab.refresh()

    def refresh_monitor(self) -> None:
        """Re-read the monitor off the GUI thread (skipped while one read is pending)."""
        monitor, officer = self.services.monitor, self.officer
        self.worker.submit(lambda: monitor.snapshot(officer), self._show_monitor,
                           lambda e: self.statusBar().showMessage(e.message), key="monitor")

    def _show_monitor(self, m: HallMonitor) -> None:
        self.monitor_tab.show_monitor(m, self.tz)
        self.monitor_shown.emit()

    def closeEvent(self, event: Any) -> None:
        """Stop the feed, the timers and background work."""
        self._tick.stop()
        if self.watcher is not None:
            self.watcher.stop()
        self.worker.shutdown()
        super().closeEvent(event)


def open_supervisor(app: Any, officer: Officer) -> SupervisorWindow:
    """Build the window for a signed-in supervisor or admin from the composition root."""
    services = SupervisorServices(app.reports, app.monitor, app.report_files,
                                  getattr(app, "sync_status", None))
    return SupervisorWindow(services, officer, app.settings.centre.name, app.tz,
                            open_feed=app.open_change_feed)


def run(app: Any) -> int:
    """Sign a supervisor (or admin) in, then show the window until it is closed."""
    from counter_app.ui.sign_in import sign_in

    qt_app = ensure_app()
    officer = sign_in(app.accounts, app.settings.centre.name, "Đăng nhập giám sát",
                      (Role.SUPERVISOR, Role.ADMIN))
    if officer is None:
        return 1
    window = open_supervisor(app, officer)
    window.show()
    QtCore.QTimer.singleShot(0, window.raise_)
    return int(qt_app.exec())
