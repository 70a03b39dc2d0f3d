"""What the server needs to merge a pushed change: the change itself, the model tables with their
sync columns, the merge rule and the conflict log (shared by one-at-a-time and batch apply)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, MetaData, Table

from counter_app.adapters.sync import tables as sync_tables
from counter_app.adapters.sync.schema import CONFLICTS


@dataclass(frozen=True)
class Change:
    """One outbox row on its way to the server."""

    seq: int
    table_name: str
    row_key: str
    op: str
    payload: str
    prev_status: str | None
    hlc: int


_EXT = MetaData()


def ext(name: str) -> Table:
    """The model table plus the two sync columns (PostgreSQL side only)."""
    if name in _EXT.tables:
        return _EXT.tables[name]
    base = sync_tables.table(name)
    cols = [Column(c.name, c.type, primary_key=c.primary_key) for c in base.columns]
    return Table(name, _EXT, *cols, Column("sync_txid", BigInteger),
                 Column("sync_hlc", BigInteger))


def merge(conn: Connection, device_id: str, change: Change, name: str,
           current: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """The columns of ``incoming`` that win over ``current``."""
    newer = change.hlc > int(current["sync_hlc"] or 0)
    fixed = sync_tables.FIXED.get(name, frozenset())
    bound = sync_tables.STATUS_BOUND.get(name, frozenset())
    status_col = sync_tables.STATUS_COLUMN.get(name)
    status_ok = newer
    moved = False
    if status_col is not None:
        here, there = current[status_col], incoming.get(status_col)
        if there == here:
            status_ok = newer
        elif change.prev_status is not None and change.prev_status == here:
            status_ok = moved = True  # the step was taken from the status the server still has
        else:
            status_ok = False
            flag(conn, device_id, change, "late_step",
                  f"{change.prev_status}→{there} đến khi máy chủ đã ở {here}")
    keys = {c.name for c in sync_tables.table(name).primary_key.columns}
    updates: dict[str, Any] = {}
    for col, value in incoming.items():
        if col in keys or col in fixed:
            continue
        take = (status_ok and (moved or newer)) if col in bound else newer
        if take and current.get(col) != value:
            updates[col] = value
    return updates


def flag(conn: Connection, device_id: str, change: Change, kind: str, detail: str) -> None:
    """Record a conflict (a late step, a refused change) for a supervisor."""
    conn.execute(CONFLICTS.insert().values(
        at=now(), device_id=device_id, table_name=change.table_name, row_key=change.row_key,
        kind=kind, detail=detail))


def now() -> dt.datetime:
    """The current time, aware UTC."""
    return dt.datetime.now(dt.UTC)
