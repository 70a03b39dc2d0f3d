"""Composition root: resolves paths and settings, opens the store and wires every service once.

:class:`CounterApp` is built once per process by the entry point (``cli/main.py``). Each use case
is a cached property, built on first use with the store's unit-of-work factory, the settings, the
clock and the device adapters (ticket printer, document renderer, password hasher), so a command
that needs one service opens nothing else. Commands receive the ``CounterApp``; windows receive it
through :mod:`counter_app.ui.deps`'s protocol (they never import this module). Nothing below this
module imports it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import platformdirs

from counter_app.adapters import lockdown
from counter_app.adapters.config_file import CONFIG_FILENAME, TomlSettingsCodec, load_settings
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import Store
from counter_app.adapters.sync import is_replica
from counter_app.adapters.sync.mode import AgentThread, open_configured_store
from counter_app.adapters.sync.status import StoreSyncStatus
from counter_app.domain.announcement import Announcement
from counter_app.domain.errors import DomainError
from counter_app.domain.ratings import scale_from_settings
from counter_app.domain.reference import Officer
from counter_app.domain.settings import Settings
from counter_app.services.ports.queue import ChangeFeed
from counter_app.services.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # heavy modules (openpyxl, ReportLab, argon2, Pillow) load on first use
    from starlette.applications import Starlette

    from counter_app.adapters.passwords import Argon2Hasher
    from counter_app.adapters.printing.escpos_output import TicketPrinter
    from counter_app.adapters.report_files import ReportFileWriter
    from counter_app.adapters.sync.agent import SyncAgent
    from counter_app.adapters.sync.replica import ReplicaStore
    from counter_app.services.accounts import AccountService
    from counter_app.services.admin_setup import AdminService
    from counter_app.services.audit import AuditService
    from counter_app.services.backup import BackupService
    from counter_app.services.calendar import CalendarService
    from counter_app.services.calendar_admin import CalendarAdmin
    from counter_app.services.catalogue import CatalogueService
    from counter_app.services.catalogue_admin import CatalogueAdmin
    from counter_app.services.centre_settings import CentreSettingsService
    from counter_app.services.day_close import DayCloseService
    from counter_app.services.demo_history import HistorySummary
    from counter_app.services.devices import DeviceService
    from counter_app.services.digitised import DigitisedFiles
    from counter_app.services.documents import DocumentService
    from counter_app.services.dossier_desk import DossierDesk
    from counter_app.services.dossiers import DossierService
    from counter_app.services.kiosk import KioskService
    from counter_app.services.monitor import Monitor
    from counter_app.services.ports.files import ScanInbox
    from counter_app.services.queue import QueueEngine
    from counter_app.services.reports import Reports
    from counter_app.services.setup import CentreSetup
    from counter_app.services.sync_status import SyncStatusService

APP_NAME = "counter-app"
ENV_DATABASE_URL = "COUNTER_APP_DATABASE_URL"
ENV_DATA_DIR = "COUNTER_APP_DATA_DIR"

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class Paths:
    """Where this installation keeps its files."""

    data_dir: Path
    config_file: Path

    @property
    def sqlite_file(self) -> Path:
        """The embedded store."""
        return self.data_dir / "counter-app.sqlite3"


def resolve_paths(data_dir: str | None = None, config: str | None = None) -> Paths:
    """Return the data directory (option, env, platformdirs) and the config file path."""
    base = Path(data_dir or os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir(APP_NAME))
    cfg = Path(config) if config else base / CONFIG_FILENAME
    return Paths(base.expanduser(), cfg.expanduser())


def resolve_database_url(paths: Paths, settings: Settings, cli_url: str | None = None) -> str:
    """Pick the database: ``--database-url``, then the environment, then config, else SQLite."""
    return (cli_url or os.environ.get(ENV_DATABASE_URL) or settings.database_url
            or sqlite_url(paths.sqlite_file))


class CounterApp:
    """Every use case of one process, wired once over one store, clock and set of devices.

    ``now`` (tests, screenshots) fixes the clock of every service; ``store`` may be given already
    open (tests); otherwise it opens, and migrates, on first use. ``settings`` are the file's until
    the store is open, then the effective ones (centre-wide settings kept in the store override the
    file); every service is built after that, so all of them see the same settings.
    """

    def __init__(self, paths: Paths, settings: Settings, database_url: str, *,
                 now: Clock | None = None, store: Store | ReplicaStore | None = None,
                 explicit_url: bool = False) -> None:
        self.paths = paths
        self.explicit_url = explicit_url  # a database named on purpose: never a replica
        self._agent: AgentThread | None = None
        self.settings = settings
        self.file_settings = settings
        self.database_url = database_url
        self.now = now
        self._store = store
        self._settings_loaded = False
        self._store_lock = threading.RLock()

    def clock(self) -> dt.datetime:
        """The time every service reads: ``now`` when set (tests may set it at any time),
        else the wall clock."""
        return self.now() if self.now is not None else dt.datetime.now(dt.UTC)

    @property
    def pc_name(self) -> str:
        """This PC's name, as stamped on the records it creates (``COUNTER_APP_NODE`` or host)."""
        from counter_app.adapters.db.models import node_id

        return node_id()

    @property
    def tz(self) -> ZoneInfo:
        """The centre's time zone."""
        return ZoneInfo(self.settings.timezone)

    @property
    def store(self) -> Store | ReplicaStore:
        """The store, opened (and migrated) on first use, once even when threads race; the
        centre-wide settings it keeps then replace the file's."""
        with self._store_lock:
            store = self._open_store()
            if not self._settings_loaded:
                self._settings_loaded = True
                self.settings = self.centre_settings.effective()
            return store

    def _open_store(self) -> Store | ReplicaStore:
        """Open (and migrate) the store once; the app's own data directory is made private."""
        with self._store_lock:
            if self._store is None:
                # standalone SQLite, PostgreSQL directly, or a replica ([sync] server_url)
                self._store = open_configured_store(self.file_settings, self.paths.data_dir,
                                                    self.database_url, self.explicit_url)
                database = self._store.engine.url.database
                if self._store.backend == "sqlite" and database:
                    store_file = Path(database)
                    # Only the app's own data directory is made private: a store given by URL
                    # elsewhere (a shared folder, /tmp in a test) keeps its folder's permissions.
                    if store_file.resolve().parent == self.paths.data_dir.resolve():
                        lockdown.lock_down_sqlite(store_file)
            return self._store

    def uow(self, *, immediate: bool = False) -> UnitOfWork:
        """A unit of work over the store: the factory every service is built with."""
        return self.store.uow(immediate=immediate)

    def _ready(self) -> None:
        """Open the store (and so settle the settings) before a service is built."""
        _ = self.store

    @cached_property
    def backups(self) -> BackupService:
        """Backup, restore and the automatic daily backup."""
        from counter_app.adapters.backup import FileBackupFolder, backup_engine
        from counter_app.adapters.instances import WindowFiles
        from counter_app.services.backup import BackupService

        self._ready()
        directory = Path(self.settings.backup.directory or self.paths.data_dir / "backups")
        return BackupService(self.uow, backup_engine(self.store.engine),
                             FileBackupFolder(directory.expanduser()),
                             WindowFiles(self.paths.data_dir), self.settings)

    @cached_property
    def day_close(self) -> DayCloseService:
        """Day-end (button, CLI and the automatic close); PDFs go to <data dir>/reports."""
        from counter_app.adapters.day_summary_files import DaySummaryFiles
        from counter_app.services.day_close import DayCloseService

        self._ready()
        return DayCloseService(self.uow, self.settings,
                               DaySummaryFiles(self.paths.data_dir / "reports", self.settings))

    @cached_property
    def catalogue_admin(self) -> CatalogueAdmin:
        """The procedure catalogue for the admin window: versions, import, export."""
        from counter_app.adapters.catalogue_file import CatalogueFileIO
        from counter_app.services.catalogue_admin import CatalogueAdmin

        self._ready()
        return CatalogueAdmin(self.uow, CatalogueFileIO())

    @cached_property
    def calendar_admin(self) -> CalendarAdmin:
        """The working calendar by year (days off, make-up days)."""
        from counter_app.services.calendar_admin import CalendarAdmin

        self._ready()
        return CalendarAdmin(self.uow, self.settings)

    @cached_property
    def devices(self) -> DeviceService:
        """This PC's ticket printer: settings in the config file, test print."""
        from counter_app.adapters.printer_config import FilePrinterConfig
        from counter_app.adapters.printing.escpos_output import TicketPrinter
        from counter_app.services.devices import DeviceService

        self._ready()
        return DeviceService(self.uow, FilePrinterConfig(self.paths.config_file),
                             TicketPrinter, self.settings.centre.name, self.tz)

    @cached_property
    def reports(self) -> Reports:
        """Supervisor reports: queue, dossiers (QĐ 766 indicators), ratings, drill-down."""
        from counter_app.services.reports import Reports

        self._ready()
        return Reports(self.uow, self.settings, now=self.clock)

    @cached_property
    def public_web(self) -> Starlette:
        """The public web service (dossier status page, mobile ticket), live from the store."""
        from counter_app.adapters.web import create_app

        self._ready()  # the effective settings come with the store
        return create_app(self.settings, self.uow, feed_factory=self.open_change_feed,
                          inline_reads=self.store.backend == "sqlite")

    @cached_property
    def report_files(self) -> ReportFileWriter:
        """XLSX and PDF renderers of the reports (centre header, charts)."""
        from counter_app.adapters.report_files import ReportFileWriter

        self._ready()
        return ReportFileWriter(self.settings.centre, self.tz)

    def folder_inbox(self, folder: Path) -> ScanInbox:
        """A folder a network scanner writes to, as the digitised-files service reads it."""
        from counter_app.adapters.file_store import FolderInbox

        return FolderInbox(folder)

    @cached_property
    def digitised(self) -> DigitisedFiles:
        """Scanned components and electronic results, stored under ``<data dir>/files``."""
        from counter_app.adapters.file_store import DiskFileStore
        from counter_app.services.digitised import DigitisedFiles

        self._ready()
        return DigitisedFiles(self.uow, DiskFileStore(self.paths.data_dir / "files"))

    @cached_property
    def scan_inbox(self) -> Any:
        """This PC's scanner folder (``[scan] folder``) as an inbox, or None when not set."""
        from counter_app.adapters.file_store import FolderInbox

        folder = self.file_settings.scan.folder
        return FolderInbox(Path(folder).expanduser()) if folder else None

    @cached_property
    def monitor(self) -> Monitor:
        """The supervisor's live view of the hall and of the dossiers due."""
        from counter_app.services.monitor import Monitor

        self._ready()
        return Monitor(self.uow, self.queue, self.settings, now=self.clock)

    @cached_property
    def sync_status(self) -> SyncStatusService:
        """Connection state and sync backlog (status lines, supervisors, ``sync status``)."""
        from counter_app.services.sync_status import SyncStatusService

        return SyncStatusService(StoreSyncStatus(self.store))

    def initialise(self, *, demo: bool) -> dict[str, str]:
        """Migrate the store, add the shipped fields, priorities and catalogue, write the example
        config next to an SQLite store (private), and the demo centre when asked; return the
        demo officers' new passwords."""
        from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
        from counter_app.adapters.config_file import EXAMPLE_CONFIG

        self.setup.ensure_base_data(read_fields_file(), shipped_catalogue())
        config = self.paths.config_file
        if not config.exists() and self.database_url.startswith("sqlite"):
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text(EXAMPLE_CONFIG, encoding="utf-8")
        if config.exists():
            lockdown.private_file(config)
        return self.setup.create_demo_centre() if demo else {}

    def store_description(self) -> str:
        """The store's URL without its password, for messages."""
        return self.store.engine.url.render_as_string(hide_password=True)

    def start_sync(self, role: str = "") -> None:
        """On a replica, run this PC's sync agent in the background (windows call this); a
        kiosk also leases ticket numbers."""
        store = self.store
        if is_replica(store) and self._agent is None:
            from counter_app.adapters.sync.agent import SyncAgent  # psycopg: replicas only

            agent = SyncAgent(store, self.settings, self.paths.data_dir,
                              tickets=role == "kiosk")
            self._agent = AgentThread(agent).start()

    def sync_agent(self, *, tickets: bool = False) -> SyncAgent:
        """A sync agent over this PC's replica (``sync run``/``sync now``); on a PC that is not a
        replica, one Vietnamese line saying how to make it one."""
        from counter_app.adapters.sync.agent import SyncAgent

        store = self.store
        if not is_replica(store):
            raise DomainError("Máy này không ở chế độ bản sao — đặt [sync] server_url trong tệp "
                              "cấu hình để đồng bộ với máy chủ")
        return SyncAgent(store, self.settings, self.paths.data_dir, tickets=tickets)

    def sync_agent_elsewhere(self) -> bool:
        """True when a window or another process of this PC already runs the sync agent."""
        from counter_app.adapters.sync.agent import try_lock

        lock = try_lock(self.paths.data_dir)
        if lock is None:
            return True
        lock.close()
        return False

    def close(self) -> None:
        """Stop the sync agent and close the store if they were started."""
        if self._agent is not None:
            self._agent.close()
            self._agent = None
        if self._store is not None:
            self._store.close()
            self._store = None

    # ---- devices --------------------------------------------------------------------------
    @cached_property
    def hasher(self) -> Argon2Hasher:
        """Password hasher (argon2)."""
        from counter_app.adapters.passwords import Argon2Hasher

        return Argon2Hasher()

    def announcement_wav(self, announcement: Announcement) -> bytes:
        """The spoken call as WAV, from the shipped (or centre-recorded) clips."""
        from counter_app.adapters.audio_clips import build_announcement_wav

        return build_announcement_wav(announcement.clips)

    def open_change_feed(self) -> ChangeFeed:
        """Open a change feed on the store (one per thread; the caller closes it)."""
        from counter_app.adapters.db.change_feed import open_change_feed

        return open_change_feed(self.store)

    # ---- use cases ------------------------------------------------------------------------
    @cached_property
    def centre_settings(self) -> CentreSettingsService:
        """Centre-wide settings kept in the store."""
        from counter_app.services.centre_settings import CentreSettingsService

        return CentreSettingsService(self._plain_uow, self.file_settings, TomlSettingsCodec())

    def _plain_uow(self, *, immediate: bool = False) -> UnitOfWork:
        """Units of work for the settings themselves (which the store's settling reads)."""
        return self._open_store().uow(immediate=immediate)

    @cached_property
    def accounts(self) -> AccountService:
        """Login with lockout, forced password change, reset and unlock."""
        from counter_app.services.accounts import AccountService

        self._ready()
        return AccountService(self.uow, self.hasher, self.settings)

    @cached_property
    def admin(self) -> AdminService:
        """Set-up of services, counters, officers and priority categories."""
        from counter_app.services.admin_setup import AdminService

        self._ready()
        return AdminService(self.uow, self.hasher)

    @cached_property
    def audit(self) -> AuditService:
        """Audit trail search and hash-chain verification."""
        from counter_app.adapters.audit_xlsx import write_audit_xlsx
        from counter_app.services.audit import AuditService

        self._ready()
        return AuditService(self.uow, self.settings.timezone, write_audit_xlsx)

    @cached_property
    def setup(self) -> CentreSetup:
        """Base data and the demo centre."""
        from counter_app.services.setup import CentreSetup

        self._ready()
        return CentreSetup(self.uow, self.hasher)

    @cached_property
    def catalogue(self) -> CatalogueService:
        """The procedure catalogue."""
        from counter_app.services.catalogue import CatalogueService

        self._ready()
        return CatalogueService(self.uow)

    @cached_property
    def calendar(self) -> CalendarService:
        """The working calendar and its overrides."""
        from counter_app.services.calendar import CalendarService

        self._ready()
        return CalendarService(self.uow, self.settings)

    @cached_property
    def queue(self) -> QueueEngine:
        """The queue engine (tickets, counters, calls)."""
        from counter_app.services.queue import QueueEngine

        self._ready()
        return QueueEngine(self.uow, self.settings, now=self.clock)

    @cached_property
    def kiosk(self) -> KioskService:
        """The kiosk's ticket issuing and printing, with the configured printer."""
        from counter_app.services.kiosk import KioskService

        self._ready()
        from counter_app.adapters.printing.escpos_output import TicketPrinter
        from counter_app.domain.ticket_slip import PrinterProblem

        try:
            printer: TicketPrinter | None = TicketPrinter(self.settings.printer)
            problem = None
        except PrinterProblem as exc:
            printer, problem = None, exc.message
        return KioskService(self.queue, self.uow, self.settings, printer, problem)

    @cached_property
    def dossiers(self) -> DossierService:
        """Dossier reception, search and lookup."""
        from counter_app.services.dossiers import DossierService

        self._ready()
        return DossierService(self.uow, self.settings, now=self.clock)

    @cached_property
    def documents(self) -> DocumentService:
        """Receipts, forms and ledgers rendered as PDF/XLSX."""
        from counter_app.services.documents import DocumentService

        self._ready()
        from counter_app.adapters.printing.renderer import ReportLabRenderer

        return DocumentService(self.uow, self.settings, ReportLabRenderer(), now=self.clock)

    @cached_property
    def desk(self) -> DossierDesk:
        """Worklists, lifecycle steps, returns, ratings and the kiosk lookup."""
        from counter_app.services.dossier_desk import DossierDesk

        self._ready()
        from counter_app.adapters.db.models import node_id

        return DossierDesk(self.uow, self.settings, self.documents,
                           scale_from_settings(self.settings.rating), now=self.clock,
                           kiosk_source=node_id())


    def demo_history(self, officer: Officer, *, days: int, seed: int = 2026,
                     tickets_per_day: int = 120, dossiers_per_day: int = 40) -> HistorySummary:
        """Generate days of demo history (tickets, dossiers, ratings) for reports and benchmarks."""
        from counter_app.services.demo_history import generate_history

        self._ready()
        return generate_history(self.uow, self.settings, officer, days=days, seed=seed,
                                tickets_per_day=tickets_per_day,
                                dossiers_per_day=dossiers_per_day)

    # ---- windows (the only place that imports ui) --------------------------------------------
    def run_window(self, module_name: str, role: str) -> int:
        """Open the window whose module is ``module_name`` (``counter_app.ui.kiosk_window``…)
        with this process's services, until it closes. The store opens first, so the window
        reads the centre's effective settings (name, hours, display) from its first line; while
        it is open this PC's store is held under ``role`` (a restore names the windows to close),
        and on a replica the first window runs the sync agent."""
        from counter_app.adapters.instances import hold_store

        self._ready()
        self.start_sync(role)
        module = importlib.import_module(module_name)
        with hold_store(self.paths.data_dir, role):
            return int(module.run(self))

    def first_run_choice(self) -> str | None:
        """On a fresh store ask: the demo centre (``"demo"``), a new centre (``"new"``) or
        nothing (None)."""
        from counter_app.ui import first_run

        return first_run.ask_first_run()

    def run_first_setup(self) -> int:
        """The new-centre wizard, then the admin window."""
        from counter_app.adapters.instances import hold_store
        from counter_app.ui import first_run

        with hold_store(self.paths.data_dir, "admin"):
            return first_run.run_setup(self)

    def run_launcher(self, base_args: Sequence[str], passwords: Mapping[str, str],
                     missing: frozenset[str]) -> int:
        """The role launcher; each role starts as its own process with ``base_args``."""
        from counter_app.ui import launcher

        self._ready()  # the centre's name as the admin set it, not the config file's
        return launcher.run(base_args, self.settings.centre.name, dict(passwords), missing)


def build_app(
    data_dir: str | None = None, config: str | None = None, database_url: str | None = None
) -> CounterApp:
    """Resolve paths, load the config file and choose the database (the store opens lazily)."""
    lockdown.restrict_new_files()  # store, config, backups and exports: 0600 (POSIX)
    paths = resolve_paths(data_dir, config)
    settings = load_settings(paths.config_file, explicit=config is not None)
    explicit = bool(database_url or os.environ.get(ENV_DATABASE_URL) or settings.database_url)
    return CounterApp(paths, settings, resolve_database_url(paths, settings, database_url),
                      explicit_url=explicit)


def store_unavailable_message(exc: BaseException) -> str | None:
    """The Vietnamese line for a database error meaning "server unreachable", else None (the
    CLI's last resort before its catch-all)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.SQLAlchemyError):
        return None
    from counter_app.adapters.db.errors import unavailable

    mapped = unavailable(getattr(exc, "orig", None) or exc)
    return None if mapped is None else mapped.message
