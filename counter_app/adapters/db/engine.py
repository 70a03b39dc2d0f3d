"""Create SQLAlchemy engines for the embedded SQLite store and for PostgreSQL.

SQLite runs in WAL mode with foreign keys on and a busy timeout, so the kiosk, counter and display
processes of one PC can share the file. pysqlite's own transaction handling is switched off and the
``begin`` event emits ``BEGIN`` or ``BEGIN IMMEDIATE`` itself: a unit of work that allocates numbers
asks for ``IMMEDIATE`` so it holds the write lock from its first statement (no lock upgrade races).

PostgreSQL connections never hang: libpq's ``connect_timeout`` bounds connecting, the server's
``statement_timeout`` bounds a statement, and :mod:`watchdog` bounds every round trip on the client
side (a frozen server enforces nothing). Pooled connections are pinged under the same watchdog at
checkout. Losing the server, or a statement timing out, surfaces as one
:class:`~counter_app.domain.errors.StoreUnavailable` (see :mod:`errors`), never as a driver error.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

from counter_app.adapters.db.errors import translate_error
from counter_app.adapters.db.watchdog import WATCHDOG

SQLITE_BUSY_TIMEOUT_MS = 15000
CONNECT_TIMEOUT_S = 3.0
STATEMENT_TIMEOUT_S = 8.0
DEADLINE_GRACE_S = 2.0
# The pre-ping (BEGIN, SELECT 1, ROLLBACK: three round trips) runs only on a connection idle for
# longer than this; back-to-back units of work (a counter calling, a kiosk queue) skip it.
PING_AFTER_IDLE_S = 2.0


def sqlite_url(path: Path) -> str:
    """Return the SQLAlchemy URL of an SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    """Return True for the embedded SQLite backend."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, connect_timeout: float = CONNECT_TIMEOUT_S,
                statement_timeout: float = STATEMENT_TIMEOUT_S, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` with the pragmas, timeouts and pool settings this app uses.

    ``connect_timeout`` and ``statement_timeout`` (seconds) apply to PostgreSQL; a
    ``statement_timeout`` of 0 turns both the server's and the client's statement limit off.
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine)
        event.listen(engine, "handle_error", translate_error)
        return engine
    kwargs.setdefault("pool_size", 5)
    engine = create_engine(url, connect_args=pg_connect_args(connect_timeout, statement_timeout),
                           **kwargs)
    _configure_postgres(engine, connect_timeout, statement_timeout)
    return engine


def pg_connect_args(connect_timeout: float, statement_timeout: float) -> dict[str, Any]:
    """libpq parameters: connect timeout, statement timeout and TCP keepalives."""
    return {
        "connect_timeout": max(1, round(connect_timeout)),
        "options": f"-c statement_timeout={int(statement_timeout * 1000)}",
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 3,
        "keepalives_count": 3,
    }


def _configure_postgres(engine: Engine, connect_timeout: float, statement_timeout: float) -> None:
    statement_deadline = statement_timeout + DEADLINE_GRACE_S if statement_timeout > 0 else None

    def arm(conn: Any, seconds: float | None) -> None:
        if conn.invalidated or conn.closed:
            return
        WATCHDOG.disarm(conn.info.pop("deadline", None))
        if seconds is None or conn.get_execution_options().get("deadline", True) is False:
            return
        conn.info["deadline"] = WATCHDOG.arm(conn.connection.dbapi_connection.fileno(), seconds)

    @event.listens_for(engine, "connect")
    def _on_connect(_dbapi_conn: Any, record: Any) -> None:
        record.info["fresh"] = True

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if record.info.pop("fresh", False):
            return
        if time.monotonic() - record.info.get("returned", 0.0) < PING_AFTER_IDLE_S:
            return  # used a moment ago: a dead server shows on the statement itself
        token = WATCHDOG.arm(dbapi_conn.fileno(), connect_timeout)
        try:
            with dbapi_conn.cursor() as cur:
                cur.execute("SELECT 1")
            dbapi_conn.rollback()
        except Exception as exc:
            raise DisconnectionError("pre-ping failed") from exc
        finally:
            WATCHDOG.disarm(token)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        WATCHDOG.disarm(record.info.pop("deadline", None))
        record.info["returned"] = time.monotonic()

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, *_args: Any) -> None:
        arm(conn, statement_deadline)

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, *_args: Any) -> None:
        if not conn.invalidated:
            WATCHDOG.disarm(conn.info.pop("deadline", None))

    @event.listens_for(engine, "commit")
    def _commit(conn: Any) -> None:
        arm(conn, statement_deadline)

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Any) -> None:
        arm(conn, statement_deadline)

    @event.listens_for(engine, "handle_error")
    def _error(context: Any) -> None:
        conn = context.connection
        if conn is not None and not conn.closed and not conn.invalidated:
            WATCHDOG.disarm(conn.info.pop("deadline", None))
        translate_error(context)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        # FULL: a committed ticket number survives a power cut, so a printed number is never
        # issued twice (NORMAL in WAL mode may lose the last commits).
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
