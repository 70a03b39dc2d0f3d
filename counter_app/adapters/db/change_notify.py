"""PostgreSQL change notification sent after a queue write commits (not inside it).

A ``NOTIFY`` inside a transaction makes PostgreSQL take one cluster-wide lock at commit and hold
it until the commit record is on disk, so every notifying transaction commits one after the other
and no two share an fsync. Measured with 8 counters calling at once (``bench/diag_pg.py``), that
serialised commit was most of call-next's time. So the queue repository only marks its unit of
work (:func:`mark_changed`), and :func:`commit_notifying` sends ``COMMIT`` and then the
notification, in a transaction of its own with ``synchronous_commit`` off (losing a wake-up in a
crash is harmless: screens refresh on reconnect), as one simple query: one round trip, where a
separate notification statement cost a second one and ~0.3 ms of client CPU per write. The change
feed's listeners (:mod:`counter_app.adapters.db.change_feed`) see it right after the data.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

NOTIFY_CHANNEL = "counter_app_changes"
_CHANGED = "counter_app.queue_changed"
_NOTIFY_SQL = ("SELECT set_config('synchronous_commit', 'off', true), "
               f"pg_notify('{NOTIFY_CHANNEL}', 'queue')")
_NOTIFY = text(_NOTIFY_SQL)
# No parameters, so psycopg sends it as a simple query, which may hold several statements.
_COMMIT_AND_NOTIFY = "COMMIT; " + _NOTIFY_SQL
log = logging.getLogger(__name__)


def mark_changed(session: Session) -> None:
    """Remember that this unit of work wrote the queue (PostgreSQL only)."""
    session.info[_CHANGED] = True


def commit_notifying(session: Session) -> None:
    """Commit ``session`` and, if it wrote the queue, notify the listeners in the same round
    trip (after the commit, outside its transaction)."""
    if not session.info.get(_CHANGED):
        session.commit()
        return
    session.flush()
    conn = session.connection()
    session.info.pop(_CHANGED, None)
    if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        _notify(conn)  # the write committed by itself (ticket issue)
        session.commit()
        return
    conn.exec_driver_sql(_COMMIT_AND_NOTIFY)
    session.commit()  # the session's bookkeeping: the server has no transaction open now


def _notify(conn: Connection) -> None:
    """Send the notification on an autocommit connection; never raises."""
    try:
        conn.execute(_NOTIFY)
    except Exception:  # a lost wake-up only delays a screen refresh
        log.warning("change notification not sent", exc_info=True)
