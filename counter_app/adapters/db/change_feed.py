"""Change notification for screens in other processes (display board, counter windows, kiosk).

One interface, :class:`counter_app.services.ports.queue.ChangeFeed`, two implementations:

* SQLite: a dedicated read-only connection polls ``PRAGMA data_version``, which changes whenever
  another connection (any process) commits to the file. A poll costs microseconds, so ``wait``
  polls every 50 ms.
* PostgreSQL: a dedicated autocommit connection ``LISTEN``\\s on the channel the queue repository
  ``pg_notify``\\s inside each writing transaction; notifications arrive at commit.

A lost PostgreSQL connection is reported as a change (so the screen refreshes) and re-opened on
the next call. Use one feed per thread; :func:`open_change_feed` picks the implementation.
"""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from counter_app.adapters.db.engine import CONNECT_TIMEOUT_S, STATEMENT_TIMEOUT_S, pg_connect_args
from counter_app.adapters.db.repositories.queue import NOTIFY_CHANNEL
from counter_app.domain.errors import StoreUnavailable

if TYPE_CHECKING:
    import psycopg  # imported when a PostgreSQL feed opens: a SQLite PC never loads the driver

POLL_SECONDS = 0.05


class SqliteChangeFeed:
    """Polls ``PRAGMA data_version`` of the store file on a connection of its own."""

    def __init__(self, path: str, poll_seconds: float = POLL_SECONDS) -> None:
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._poll = poll_seconds
        self._last = self._version()

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Return True if another connection committed since the last call."""
        version = self._version()
        if version != self._last:
            self._last = version
            return True
        return False

    def wait(self, timeout: float) -> bool:
        """Poll until a change or ``timeout`` seconds; return True on change."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            if self.changed():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(self._poll, left))

    def close(self) -> None:
        """Close the polling connection."""
        self._conn.close()


class PostgresChangeFeed:
    """LISTENs on :data:`NOTIFY_CHANNEL` on an autocommit connection of its own."""

    def __init__(self, conninfo: str) -> None:
        import psycopg

        self._conninfo = conninfo
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        try:
            self._connect()
        except psycopg.OperationalError as exc:
            raise StoreUnavailable() from exc

    def _connect(self) -> None:
        import psycopg

        args = pg_connect_args(CONNECT_TIMEOUT_S, STATEMENT_TIMEOUT_S)
        self._conn = psycopg.connect(self._conninfo, autocommit=True, **args)
        self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def _drain(self, timeout: float) -> bool:
        import psycopg

        if self._conn is None or self._conn.closed:
            try:
                self._connect()
            except psycopg.OperationalError:
                time.sleep(min(timeout, 1.0))
            return True  # whatever happened while disconnected: refresh
        assert self._conn is not None
        try:
            got = any(True for _ in self._conn.notifies(timeout=timeout, stop_after=1))
            if got:  # swallow the burst that came with it
                for _ in self._conn.notifies(timeout=0.0):
                    pass
            return got
        except psycopg.OperationalError:
            self._conn.close()
            self._conn = None
            return True

    def changed(self) -> bool:
        """Return True if a notification arrived since the last call (does not block)."""
        return self._drain(0.0)

    def wait(self, timeout: float) -> bool:
        """Block until a notification or ``timeout`` seconds; return True on change."""
        return self._drain(max(0.0, timeout))

    def close(self) -> None:
        """Close the listening connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Watched(Protocol):
    """What a change feed needs of a store (a plain store, or a replica's local copy)."""

    @property
    def engine(self) -> Engine:
        """The engine whose database is watched."""

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""


def open_change_feed(store: Watched) -> SqliteChangeFeed | PostgresChangeFeed:
    """Return the change feed suited to ``store``'s backend."""
    url = store.engine.url
    if store.backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ValueError("an in-memory SQLite store cannot be watched")
        return SqliteChangeFeed(url.database)
    libpq = make_url(url).set(drivername="postgresql")
    return PostgresChangeFeed(libpq.render_as_string(hide_password=False))
