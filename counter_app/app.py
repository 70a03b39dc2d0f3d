"""Composition root: resolves paths and settings, opens the store and wires the services.

Nothing here does I/O at import time; :func:`build_context` does it when called.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

import platformdirs

from counter_app.adapters.config_file import CONFIG_FILENAME, load_settings
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import Store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.adapters.sync.agent import SyncAgent
from counter_app.adapters.sync.mode import AgentThread, open_configured_store
from counter_app.adapters.sync.replica import ReplicaStore
from counter_app.adapters.sync.status import StoreSyncStatus
from counter_app.domain.settings import Settings
from counter_app.services.sync_status import SyncStatusService

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
    explicit_url: bool = False
    _store: Store | ReplicaStore | None = field(default=None, repr=False)
    _agent: AgentThread | None = field(default=None, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        """The centre's time zone."""
        return ZoneInfo(self.settings.timezone)

    @property
    def store(self) -> Store | ReplicaStore:
        """The store, opened (and migrated) on first use: a replica if ``[sync] server_url``."""
        if self._store is None:
            self._store = open_configured_store(self.settings, self.paths.data_dir,
                                                self.database_url, self.explicit_url)
        return self._store

    @cached_property
    def sync_status(self) -> SyncStatusService:
        """Connection state and sync backlog (status lines, supervisors, ``sync status``)."""
        return SyncStatusService(StoreSyncStatus(self.store))

    def start_sync(self, role: str = "") -> None:
        """On a replica, run this PC's sync agent in the background (windows call this); a
        kiosk also leases ticket numbers."""
        store = self.store
        if isinstance(store, ReplicaStore) and self._agent is None:
            agent = SyncAgent(store, self.settings, self.paths.data_dir,
                              tickets=role == "kiosk")
            self._agent = AgentThread(agent).start()

    @property
    def hasher(self) -> Argon2Hasher:
        """Password hasher."""
        return Argon2Hasher()

    def close(self) -> None:
        """Stop the sync agent and close the store if they were started."""
        if self._agent is not None:
            self._agent.close()
            self._agent = None
        if self._store is not None:
            self._store.close()
            self._store = None


def build_context(
    data_dir: str | None = None, config: str | None = None, database_url: str | None = None
) -> AppContext:
    """Resolve paths, load the config file and choose the database (the store opens lazily)."""
    paths = resolve_paths(data_dir, config)
    settings = load_settings(paths.config_file)
    explicit = bool(database_url or os.environ.get(ENV_DATABASE_URL) or settings.database_url)
    return AppContext(paths, settings, resolve_database_url(paths, settings, database_url),
                      explicit_url=explicit)
