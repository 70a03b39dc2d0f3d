"""PostgreSQL change notification sent after a queue write commits (not inside it).

A ``NOTIFY`` inside a transaction makes PostgreSQL take one cluster-wide lock at commit and hold
it until the commit record is on disk, so every notifying transaction commits one after the other
and no two share an fsync. Measured with 8 counters calling at once (``bench/diag_pg.py``), that
serialised commit was most of call-next's time. So the queue repository only marks its unit of
work (:func:`mark_changed`); after the durable commit, :func:`notify_committed` sends the
notification in a statement of its own, in autocommit with ``synchronous_commit`` off (losing a
wake-up in a crash is harmless: screens refresh on reconnect). The change feed's listeners
(:mod:`counter_app.adapters.db.change_feed`) see it right after the data.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.orm import Session

NOTIFY_CHANNEL = "counter_app_changes"
_CHANGED = "counter_app.queue_changed"
_NOTIFY = text("SELECT set_config('synchronous_commit', 'off', true), "
               f"pg_notify('{NOTIFY_CHANNEL}', 'queue')")
log = logging.getLogger(__name__)


def mark_changed(session: Session) -> None:
    """Remember that this unit of work wrote the queue (PostgreSQL only)."""
    session.info[_CHANGED] = True


def notify_committed(session: Session) -> None:
    """After ``session``'s commit: notify listeners if it wrote the queue.

    Never raises: the data is committed already, and an error here must not make the caller
    believe the operation failed (and repeat it).
    """
    if not session.info.pop(_CHANGED, False):
        return
    try:
        conn = session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        conn.execute(_NOTIFY)
    except Exception:  # a lost wake-up only delays a screen refresh
        log.warning("change notification not sent", exc_info=True)
