"""The admin window (``counter-app admin``, the launcher's "Quản trị"): one tab per subject.

Centre, services, counters, officers, priority categories, procedures, calendar, devices and the
audit trail, plus backup/restore and the day close. Only an admin signs in. Each tab reads its
data the first time it is shown and after every change; the store's change feed reloads the tab
on screen when another PC changes something. The window gets its services in the constructor and
never touches the database itself.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import ROLE_LABELS_VI, Officer, Role
from counter_app.services.accounts import AccountService
from counter_app.services.admin_setup import AdminService
from counter_app.services.calendar_admin import CalendarAdmin
from counter_app.services.catalogue_admin import CatalogueAdmin
from counter_app.services.centre_settings import CentreSettingsService
from counter_app.services.devices import DeviceService
from counter_app.ui import theme
from counter_app.ui.admin_actions import BackupDialog, ask_day_close, report_text, run_day_close
from counter_app.ui.admin_audit import AuditReader, AuditTab
from counter_app.ui.admin_base import AdminTab
from counter_app.ui.admin_calendar import CalendarTab
from counter_app.ui.admin_centre import CentreTab
from counter_app.ui.admin_devices import DevicesTab
from counter_app.ui.admin_officers import OfficersTab
from counter_app.ui.admin_procedures import ProceduresTab
from counter_app.ui.admin_setup_tabs import CountersTab, PrioritiesTab, ServicesTab
from counter_app.ui.common import ensure_app, show_error
from counter_app.ui.feed_watch import watch_changes
from counter_app.ui.qt import QtWidgets, Signal
from counter_app.ui.sync_status import attach_to_status_bar
from counter_app.ui.worker import Worker

if TYPE_CHECKING:  # imported for annotations only
    from counter_app.services.backup import BackupService
    from counter_app.services.day_close import DayCloseReport, DayCloseService

RELOAD_DELAY_MS = 600


class AdminServices(Protocol):
    """The services the admin window uses (the composition root provides them)."""

    @property
    def admin(self) -> AdminService:
        """Set-up records."""
        ...

    @property
    def accounts(self) -> AccountService:
        """Logins and passwords."""
        ...

    @property
    def centre_settings(self) -> CentreSettingsService:
        """Centre-wide settings."""
        ...

    @property
    def audit(self) -> AuditReader:
        """The audit trail."""
        ...

    @property
    def backups(self) -> BackupService:
        """Backups."""
        ...

    @property
    def day_close(self) -> DayCloseService:
        """Day-end."""
        ...

    @property
    def catalogue_admin(self) -> CatalogueAdmin:
        """The procedure catalogue."""
        ...

    @property
    def calendar_admin(self) -> CalendarAdmin:
        """The working calendar."""
        ...

    @property
    def devices(self) -> DeviceService:
        """This PC's printer."""
        ...


class AdminWindow(QtWidgets.QMainWindow):
    """Tabs over the admin services for the signed-in ``officer``.

    ``tab_loaded(name, seconds)`` fires when a tab has shown its data (from the moment its load
    was asked); ``day_closed(report)`` after a day close.
    """

    tab_loaded = Signal(str, float)
    day_closed = Signal(object)

    def __init__(self, services: AdminServices, officer: Officer, centre_name: str,
                 tz: ZoneInfo, *, today: dt.date | None = None,
                 open_feed: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("admin")
        self.setWindowTitle(f"Quản trị — {centre_name}")
        self.services, self.officer = services, officer
        self.worker = Worker(self, threads=2, name="admin")
        self.last_report: DayCloseReport | None = None
        self.backup_dialog: BackupDialog | None = None
        self.housekeeping: Any = None  # the daily backup and day close timer (see run())
        self.reports_window: Any = None  # the supervisor window opened from the header
        day = today or dt.datetime.now(tz).date()
        s = services
        self.tabs: dict[str, AdminTab] = {
            "centre": CentreTab(s.centre_settings, self.worker, officer),
            "services": ServicesTab(s.admin, self.worker, officer),
            "counters": CountersTab(s.admin, self.worker, officer),
            "officers": OfficersTab(s.admin, s.accounts, self.worker, officer),
            "priorities": PrioritiesTab(s.admin, self.worker, officer),
            "procedures": ProceduresTab(s.catalogue_admin, self.worker, officer, day),
            "calendar": CalendarTab(s.calendar_admin, self.worker, officer, day),
            "devices": DevicesTab(s.devices, s.centre_settings, s.admin, self.worker, officer),
            "audit": AuditTab(s.audit, self.worker, officer, tz, day),
        }
        self._asked: dict[str, float] = {}
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._header(centre_name))
        self.tab_widget = QtWidgets.QTabWidget()
        self.tab_widget.setObjectName("admin-tabs")
        for name, tab in self.tabs.items():
            self.tab_widget.addTab(tab, tab.title)
            tab.loaded.connect(lambda n=name: self._loaded(n))
            tab.changed.connect(self._changed_here)
        self.tab_widget.currentChanged.connect(lambda _i: self.ensure_loaded())
        layout.addWidget(self.tab_widget, 1)
        self.setCentralWidget(central)
        self.status = self.statusBar()
        attach_to_status_bar(self, services)
        self.status.showMessage(f"Đăng nhập: {officer.full_name} ({officer.username})")
        self._reload = theme.timer(self, self.reload_current, single=True)
        self.watcher = watch_changes(self, open_feed,
                                     lambda: self._reload.start(RELOAD_DELAY_MS))
        self.resize(1366, 768)
        self.ensure_loaded()

    def _header(self, centre_name: str) -> QtWidgets.QFrame:
        bar, row = theme.staff_header(
            "admin-header", centre_name,
            f"Quản trị hệ thống · {self.officer.full_name} ({ROLE_LABELS_VI[self.officer.role]})")
        actions = [("Sao lưu / khôi phục", self.open_backups, "action-backup"),
                   ("Chốt ngày", self.close_day, "action-day-close")]
        if hasattr(self.services, "monitor"):  # the composition root: reports are available
            actions.insert(0, ("Giám sát và báo cáo", self.open_reports, "action-reports"))
        for text, slot, name in actions:
            button = QtWidgets.QPushButton(text)
            button.setObjectName(name)
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _=False, f=slot: f())
            row.addWidget(button)
        return bar

    def open_reports(self) -> None:
        """Open the supervisor's window (monitor and reports) beside this one."""
        from counter_app.ui.supervisor_window import open_supervisor

        self.reports_window = open_supervisor(self.services, self.officer)
        self.reports_window.show()

    # ------------------------------------------------------------------ loading
    def current_tab(self) -> AdminTab:
        """The tab on screen."""
        widget = self.tab_widget.currentWidget()
        assert isinstance(widget, AdminTab)
        return widget

    def show_tab(self, name: str) -> AdminTab:
        """Bring tab ``name`` to the front (loading it the first time)."""
        self.tab_widget.setCurrentWidget(self.tabs[name])
        return self.tabs[name]

    def ensure_loaded(self) -> None:
        """Load the tab on screen unless it already has its data."""
        tab = self.current_tab()
        if not tab.has_loaded:
            self._load(tab)

    def reload_current(self) -> None:
        """Re-read the tab on screen (another PC or window changed the store)."""
        tab = self.current_tab()
        if tab.has_loaded and getattr(tab, "form", None) is None:
            self._load(tab)

    def _load(self, tab: AdminTab) -> None:
        name = next(n for n, t in self.tabs.items() if t is tab)
        self._asked[name] = time.perf_counter()
        tab.load()

    def _loaded(self, name: str) -> None:
        started = self._asked.pop(name, None)
        if started is not None:
            self.tab_loaded.emit(name, time.perf_counter() - started)

    def _changed_here(self) -> None:
        """A tab saved something: other tabs re-read when next shown."""
        current = self.current_tab()
        for tab in self.tabs.values():
            if tab is not current:
                tab.has_loaded = False

    # ------------------------------------------------------------------ actions
    def open_backups(self) -> BackupDialog:
        """Open the backup and restore dialog."""
        dialog = BackupDialog(self.services.backups, self.officer, self)
        dialog.restored.connect(lambda _info: self._after_restore())
        self.backup_dialog = dialog
        dialog.open()
        return dialog

    def _after_restore(self) -> None:
        for tab in self.tabs.values():
            tab.has_loaded = False
        self.ensure_loaded()

    def close_day(self, *, confirm: bool = True) -> None:
        """Close today's work (after a confirmation)."""
        if confirm and not ask_day_close(self):
            return
        self.status.showMessage("Đang chốt ngày…")
        run_day_close(self.worker, lambda: self.services.day_close.close_day(self.officer),
                      self._day_closed, self._failed)

    def _day_closed(self, report: DayCloseReport) -> None:
        self.last_report = report
        self.status.showMessage(f"Đã chốt ngày {report.day:%d/%m/%Y}.")
        self.day_closed.emit(report)
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, "Chốt ngày",
                                    report_text(report), parent=self)
        box.setObjectName("day-close-report")
        box.open()

    def _failed(self, error: DomainError) -> None:
        self.status.showMessage(error.message)
        show_error(self, error.message)

    def closeEvent(self, event: Any) -> None:
        """Stop the feed and background work."""
        if self.watcher is not None:
            self.watcher.stop()
        self.worker.shutdown()
        super().closeEvent(event)


def run(app: Any) -> int:
    """Sign an admin or a supervisor in ("Quản trị và báo cáo"), then show the admin window, or
    the supervisor's window for a supervisor, until it is closed."""
    from counter_app.ui.housekeeping import Housekeeping, standard_chores
    from counter_app.ui.sign_in import sign_in

    qt_app = ensure_app()
    settings = app.settings
    officer = sign_in(app.accounts, settings.centre.name, "Đăng nhập quản trị và báo cáo",
                      (Role.ADMIN, Role.SUPERVISOR))
    if officer is None:
        return 1
    if officer.role is not Role.ADMIN:
        from counter_app.ui.supervisor_window import open_supervisor

        supervisor = open_supervisor(app, officer)
        supervisor.show()
        return int(qt_app.exec())
    window = AdminWindow(app, officer, settings.centre.name, app.tz, open_feed=app.open_change_feed)
    window.housekeeping = Housekeeping(standard_chores(app), window)
    window.show()
    return int(qt_app.exec())
