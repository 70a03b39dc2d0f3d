"""Which store a PC uses: standalone SQLite, PostgreSQL directly, or a replica of the server.

``[sync] server_url`` in the config (and no ``--database-url``) makes a replica: its own SQLite
file ``replica.sqlite3`` in the data directory, synced with the server. A replica that never
synced does its first round here, so a new PC needs only the server's URL: the round pulls the
centre's reference data, officers' password hashes included, so logins then work offline too.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.sync import local
from counter_app.domain.errors import StoreUnavailable
from counter_app.domain.settings import Settings

if TYPE_CHECKING:  # the agent (psycopg) and the replica (repositories) load on replica PCs
    from counter_app.adapters.sync.agent import SyncAgent
    from counter_app.adapters.sync.replica import ReplicaStore

REPLICA_FILE = "replica.sqlite3"
FIRST_SYNC = ("Máy này chưa đồng bộ lần nào với máy chủ và hiện không kết nối được — "
              "cần mạng cho lần đầu")


def open_configured_store(settings: Settings, data_dir: Path, database_url: str,
                          explicit_url: bool) -> Store | ReplicaStore:
    """Open the store the settings ask for (a replica when ``[sync] server_url`` is set)."""
    connect, statement = settings.sync.connect_timeout, settings.sync.statement_timeout
    if explicit_url or not settings.sync.server_url:
        if database_url.startswith("sqlite"):
            data_dir.mkdir(parents=True, exist_ok=True)
        return open_store(database_url, connect_timeout=connect, statement_timeout=statement)
    return open_replica(settings, data_dir, connect_timeout=connect,
                        statement_timeout=statement)


def open_replica(settings: Settings, data_dir: Path, **timeouts: float) -> ReplicaStore:
    """Open (creating on first use) this PC's replica and sync it once if it never was."""
    from counter_app.adapters.sync.replica import ReplicaStore

    data_dir.mkdir(parents=True, exist_ok=True)
    replica = ReplicaStore(open_store(sqlite_url(data_dir / REPLICA_FILE)),
                           settings.sync.server_url, **timeouts)
    with replica.local.engine.connect() as conn:
        synced = bool(local.get_state(conn, "last_pull_at"))
    if not synced:
        from counter_app.adapters.sync.agent import SyncAgent

        report = SyncAgent(replica, settings, data_dir).round()
        if report.error:
            replica.close()
            raise StoreUnavailable(FIRST_SYNC)
    return replica


class AgentThread:
    """The PC's sync agent on a daemon thread (it syncs only while it holds the PC's lock)."""

    def __init__(self, agent: SyncAgent) -> None:
        self.agent = agent
        self.stop = threading.Event()
        self.thread = threading.Thread(target=agent.run, args=(self.stop,), name="sync-agent",
                                       daemon=True)

    def start(self) -> AgentThread:
        """Start syncing."""
        self.thread.start()
        return self

    def close(self, timeout: float = 5.0) -> None:
        """Stop after the current round."""
        self.stop.set()
        self.thread.join(timeout)
