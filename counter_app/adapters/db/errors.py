"""Turn driver errors about an unreachable or stuck database into one Vietnamese domain error.

Registered as the engines' ``handle_error`` hook (connect, statement, commit), and used by code
that talks to the driver directly (:func:`unavailable`). Everything else stays a bug and keeps its
traceback in the log.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

from counter_app.domain.errors import (
    SERVER_LOST,
    SERVER_SLOW,
    STORE_BUSY,
    STORE_CANNOT_OPEN,
    STORE_DAMAGED,
    DomainError,
    StoreUnavailable,
)


def unavailable(exc: BaseException) -> StoreUnavailable | None:
    """Return the domain error for a driver exception that means "cannot reach", else None."""
    psycopg: Any = sys.modules.get("psycopg")  # not imported: not a PostgreSQL error (and the
    if psycopg is None:  # SQLite windows start without loading the driver)
        return _sqlite(exc)
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return StoreUnavailable(SERVER_SLOW, offline=False)
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        state = exc.sqlstate or ""
        # no SQLSTATE: the client could not connect or lost the socket; 08: connection
        # exception; 57P: server shutting down or starting; 53300: too many connections.
        if not state or state.startswith(("08", "57P")) or state == "53300":
            return StoreUnavailable(SERVER_LOST)
    return _sqlite(exc)


def _sqlite(exc: BaseException) -> StoreUnavailable | None:
    """SQLite's "database is locked" (another program holds the file too long), a file that
    cannot be opened (missing folder, no right to write) or is not a database (damaged)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    detail = str(exc).lower()
    if "locked" in detail:
        return StoreUnavailable(STORE_BUSY, offline=False)
    if "unable to open database" in detail or "readonly database" in detail:
        return StoreUnavailable(STORE_CANNOT_OPEN, offline=False)
    if any(word in detail for word in ("not a database", "malformed", "disk i/o")):
        return StoreUnavailable(STORE_DAMAGED, offline=False)
    return None


REFERENCE_OFFLINE = "reference data changes only on the server"  # raised by a replica trigger
REFERENCE_OFFLINE_VI = ("Danh mục (dịch vụ, quầy, cán bộ, thủ tục, lịch) chỉ thay đổi được trên "
                        "máy chủ — máy này đang làm việc ngoại tuyến")


def translate_error(context: Any) -> None:
    """``handle_error`` hook: raise :class:`StoreUnavailable` for connection loss and timeouts."""
    exc = context.original_exception
    mapped = unavailable(exc)
    if mapped is None and context.is_disconnect:
        mapped = StoreUnavailable(SERVER_LOST)
    if mapped is None and REFERENCE_OFFLINE in str(exc):
        raise DomainError(REFERENCE_OFFLINE_VI) from exc
    if mapped is not None:
        raise mapped from exc
