"""Call-next's first statement (``queue_sql.call_desk``: the counter's desk and the first waiting
tickets it may call) reads the counter's own index entries of the day, not the whole day or the
counter's history: on both backends its plan goes through ``ix_tickets_counter_day``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, event

from counter_app.adapters.db.repositories.queue_sql import call_desk
from counter_app.adapters.db.store import Store
from counter_app.domain.queue import business_date
from counter_app.domain.reference import Officer
from counter_app.domain.settings import QueueSettings, Settings
from counter_app.services.queue import QueueEngine

NOW = dt.datetime(2026, 11, 23, 1, 30, tzinfo=dt.UTC)  # Monday 08:30 in Hà Nội
S = Settings(queue=QueueSettings(kiosk_opens=dt.time(0), kiosk_closes=dt.time(0)))


def _officer(store: Store) -> Officer:
    with store.uow() as uow:
        found = uow.reference.officer_with_hash("canbo1")
    assert found is not None
    return found[0]


def _plan(conn: Connection, stmt: Any, values: dict[str, Any]) -> tuple[str, Any]:
    """Run ``stmt`` with ``values``; its plan for the SQL and parameters the driver got, and
    its first row."""
    sent: list[tuple[str, Any]] = []

    def catch(_c: Any, _cur: Any, sql: str, params: Any, *_: Any) -> None:
        sent.append((sql, params))

    event.listen(conn, "before_cursor_execute", catch)
    try:
        row = conn.execute(stmt, values).mappings().first()
    finally:
        event.remove(conn, "before_cursor_execute", catch)
    sql, params = sent[-1]  # (after a BEGIN on SQLite)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE tickets")  # autovacuum's statistics of a server in use
        return "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}", params)), row
    plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
    return "\n".join(str(r[-1]) for r in plan), row


def test_desk_check_reads_through_its_indexes(store: Store) -> None:
    clock = [NOW]
    q = QueueEngine(store.uow, S, now=lambda: clock[0])
    me = _officer(store)
    q.open_counter_session(1, me)
    for i in range(120):  # a busy morning at counter 1, and more waiting
        clock[0] = NOW + dt.timedelta(seconds=10 * i)
        q.issue_ticket("HT")
        if i % 2:
            q.finish(q.call_next(1, me).id, me)
    q.call_next(1, me)  # one in hand
    day = business_date(clock[0], q.tz)
    stmt = call_desk(2, store.engine.dialect.name)
    with store.engine.connect() as conn:
        plan, desk = _plan(conn, stmt, {"number": 1, "day": day})
    assert "ix_tickets_counter_day" in plan, plan
    assert "ix_tickets_day_status_service" not in plan, plan  # not a scan of the day
    if store.engine.dialect.name == "postgresql":  # the heads read and locked once
        assert "CTE h" in plan, plan
    assert desk is not None and desk["busy_with"] is not None
