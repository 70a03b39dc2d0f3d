"""Composition root: resolves paths and settings, opens the store and wires the services.

Nothing here does I/O at import time; :func:`build_context` does it when called.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import platformdirs

from counter_app.adapters import lockdown
from counter_app.adapters.audit_xlsx import write_audit_xlsx
from counter_app.adapters.backup import FileBackupFolder, backup_engine
from counter_app.adapters.catalogue_file import CatalogueFileIO
from counter_app.adapters.config_file import CONFIG_FILENAME, TomlSettingsCodec, load_settings
from counter_app.adapters.day_summary_files import DaySummaryFiles
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.instances import WindowFiles
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.adapters.printer_config import FilePrinterConfig
from counter_app.adapters.printing.escpos_output import TicketPrinter
from counter_app.domain.settings import Settings
from counter_app.services.accounts import AccountService
from counter_app.services.admin_setup import AdminService
from counter_app.services.audit import AuditService
from counter_app.services.backup import BackupService
from counter_app.services.calendar_admin import CalendarAdmin
from counter_app.services.catalogue_admin import CatalogueAdmin
from counter_app.services.centre_settings import CentreSettingsService
from counter_app.services.day_close import DayCloseService
from counter_app.services.devices import DeviceService
from counter_app.services.reports import Reports

if TYPE_CHECKING:
    from starlette.applications import Starlette

APP_NAME = "counter-app"
ENV_DATABASE_URL = "COUNTER_APP_DATABASE_URL"
ENV_DATA_DIR = "COUNTER_APP_DATA_DIR"


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


@dataclass
class AppContext:
    """Everything a command or window needs, built once per process."""

    paths: Paths
    settings: Settings
    database_url: str
    _store: Store | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.file_settings = self.settings

    @property
    def tz(self) -> ZoneInfo:
        """The centre's time zone."""
        return ZoneInfo(self.settings.timezone)

    @property
    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        if self._store is None:
            if self.database_url.startswith("sqlite"):
                self.paths.data_dir.mkdir(parents=True, exist_ok=True)
            sync = self.settings.sync
            self._store = open_store(self.database_url, connect_timeout=sync.connect_timeout,
                                     statement_timeout=sync.statement_timeout)
            if self._store.backend == "sqlite" and self._store.engine.url.database:
                lockdown.lock_down_sqlite(Path(self._store.engine.url.database))
            # Centre-wide settings kept in the store override the file (issue 10).
            self.settings = self.centre_settings.effective()
        return self._store

    @property
    def hasher(self) -> Argon2Hasher:
        """Password hasher."""
        return Argon2Hasher()

    @cached_property
    def accounts(self) -> AccountService:
        """Login with lockout, forced password change, reset and unlock."""
        return AccountService(self.store.uow, self.hasher, self.settings)

    @cached_property
    def admin(self) -> AdminService:
        """Set-up of services, counters, officers and priority categories."""
        return AdminService(self.store.uow, self.hasher)

    @cached_property
    def centre_settings(self) -> CentreSettingsService:
        """Centre-wide settings kept in the store."""
        return CentreSettingsService(self.store.uow, self.file_settings, TomlSettingsCodec())

    @cached_property
    def audit(self) -> AuditService:
        """Audit trail search and hash-chain verification."""
        return AuditService(self.store.uow, self.settings.timezone, write_audit_xlsx)

    @cached_property
    def backups(self) -> BackupService:
        """Backup, restore and the automatic daily backup."""
        directory = Path(self.settings.backup.directory or self.paths.data_dir / "backups")
        return BackupService(self.store.uow, backup_engine(self.store.engine),
                             FileBackupFolder(directory.expanduser()),
                             WindowFiles(self.paths.data_dir), self.settings)

    @cached_property
    def day_close(self) -> DayCloseService:
        """Day-end (button, CLI and the automatic close); PDFs go to <data dir>/reports."""
        return DayCloseService(self.store.uow, self.settings,
                               DaySummaryFiles(self.paths.data_dir / "reports", self.settings))

    @cached_property
    def catalogue_admin(self) -> CatalogueAdmin:
        """The procedure catalogue for the admin window: versions, import, export."""
        return CatalogueAdmin(self.store.uow, CatalogueFileIO())

    @cached_property
    def calendar_admin(self) -> CalendarAdmin:
        """The working calendar by year (days off, make-up days)."""
        return CalendarAdmin(self.store.uow, self.settings)

    @cached_property
    def devices(self) -> DeviceService:
        """This PC's ticket printer: settings in the config file, test print."""
        return DeviceService(self.store.uow, FilePrinterConfig(self.paths.config_file),
                             TicketPrinter, self.settings.centre.name, self.tz)

    @cached_property
    def reports(self) -> Reports:
        """Supervisor reports: queue, dossiers (QĐ 766 indicators), ratings, drill-down."""
        return Reports(self.store.uow, self.settings)

    @cached_property
    def public_web(self) -> Starlette:
        """The public web service (dossier status page, mobile ticket), live from the store."""
        from counter_app.adapters.db.change_feed import open_change_feed
        from counter_app.adapters.web import create_app

        store = self.store  # opened first: the effective settings come with it
        return create_app(self.settings, store.uow, feed_factory=lambda: open_change_feed(store))

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None


def build_context(
    data_dir: str | None = None, config: str | None = None, database_url: str | None = None
) -> AppContext:
    """Resolve paths, load the config file and choose the database (the store opens lazily)."""
    lockdown.restrict_new_files()  # store, config, backups and exports: 0600 (POSIX)
    paths = resolve_paths(data_dir, config)
    settings = load_settings(paths.config_file, explicit=config is not None)
    return AppContext(paths, settings, resolve_database_url(paths, settings, database_url))
