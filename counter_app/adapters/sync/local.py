"""The replica side of sync, on the PC's SQLite store.

Capture is by SQLite trigger, so every write is caught whoever makes it (ORM sessions, the queue's
prepared Core statements, raw SQL) and lands in ``sync_outbox`` in the writing transaction itself:
a change is in the outbox exactly when it is committed. Each trigger first advances the hybrid
logical clock in ``sync_clock`` (``max(clock + 1, wall-clock ms << 16)``). Triggers stay silent
while ``sync_clock.applying`` is 1, which a pull sets inside its own transaction (no echo).
Reference tables get triggers that refuse writes outside a pull: they change only on the server.

Triggers are rebuilt from the models at every start (:func:`install`), so a column or table added
by a later migration is captured without a change here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from counter_app.adapters.db.errors import REFERENCE_OFFLINE
from counter_app.adapters.sync import tables as sync_tables
from counter_app.adapters.sync.merge import Change
from counter_app.adapters.sync.schema import CLOCK, LEASES, OUTBOX, STATE

WALL_HLC = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536"
QUIET = "(SELECT applying FROM sync_clock WHERE id = 1) = 0"


def _json_value(tbl: Table, col: str, row: str) -> str:
    """The SQL that puts ``row.col`` into ``json_object`` (BLOBs as hex)."""
    from sqlalchemy import LargeBinary

    if isinstance(tbl.c[col].type, LargeBinary):
        return f"hex({row}.{col})"
    return f"{row}.{col}"


def _trigger_sql(tbl: Table) -> list[str]:
    name = tbl.name
    keys = [c.name for c in tbl.primary_key.columns]
    status = sync_tables.STATUS_COLUMN.get(name)
    out: list[str] = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        cols = keys if event == "DELETE" else [c.name for c in tbl.columns]
        payload = ", ".join(f"'{c}', {_json_value(tbl, c, row)}" for c in cols)
        key = ", ".join(f"{row}.{k}" for k in keys)
        prev = f"OLD.{status}" if status and event == "UPDATE" else "NULL"
        op = "delete" if event == "DELETE" else "upsert"
        out.append(
            f"CREATE TRIGGER sync_{name}_{event.lower()} AFTER {event} ON {name} WHEN {QUIET}"
            f" BEGIN UPDATE sync_clock SET hlc = max(hlc + 1, {WALL_HLC}) WHERE id = 1;"
            f" INSERT INTO sync_outbox (table_name, row_key, op, payload, prev_status, hlc)"
            f" VALUES ('{name}', json_array({key}), '{op}', json_object({payload}), {prev},"
            f" (SELECT hlc FROM sync_clock WHERE id = 1)); END")
    return out


def _guard_sql(tbl: Table) -> list[str]:
    free = sync_tables.LOCAL_COLUMNS.get(tbl.name, frozenset())
    guarded = ", ".join(c.name for c in tbl.columns if c.name not in free)
    events = {"INSERT": "INSERT", "UPDATE": f"UPDATE OF {guarded}", "DELETE": "DELETE"}
    return [f"CREATE TRIGGER sync_{tbl.name}_{name.lower()} BEFORE {event} ON {tbl.name}"
            f" WHEN {QUIET} BEGIN SELECT RAISE(ABORT, '{REFERENCE_OFFLINE}'); END"
            for name, event in events.items()]


def install(conn: Connection) -> None:
    """(Re)create the capture and guard triggers; make sure the clock row exists."""
    conn.execute(sqlite_insert(CLOCK).values(id=1, hlc=0, applying=0).on_conflict_do_nothing())
    old = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'"
    ).scalars().all()
    for name in old:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    for tbl in sync_tables.synced_tables():
        for sql in (_guard_sql(tbl) if tbl.name in sync_tables.REFERENCE else _trigger_sql(tbl)):
            conn.exec_driver_sql(sql)


# ------------------------------------------------------------------ state
def get_state(conn: Connection, key: str, default: str = "") -> str:
    """A value of ``sync_state``."""
    value = conn.execute(select(STATE.c.value).where(STATE.c.key == key)).scalar()
    return default if value is None else str(value)


def set_state(conn: Connection, **values: object) -> None:
    """Write values of ``sync_state``."""
    for key, value in values.items():
        conn.execute(sqlite_insert(STATE).values(key=key, value=str(value))
                     .on_conflict_do_update(index_elements=["key"], set_={"value": str(value)}))


# ------------------------------------------------------------------ outbox
def pending(conn: Connection, limit: int) -> list[Change]:
    """The oldest ``limit`` outbox changes."""
    rows = conn.execute(select(OUTBOX).order_by(OUTBOX.c.seq).limit(limit)).mappings()
    return [Change(int(r["seq"]), r["table_name"], r["row_key"], r["op"], r["payload"],
                   r["prev_status"], int(r["hlc"])) for r in rows]


def backlog(conn: Connection) -> int:
    """Changes waiting to be pushed."""
    return int(conn.execute(select(func.count()).select_from(OUTBOX)).scalar_one())


def drop_acked(conn: Connection, acked: int) -> None:
    """Forget outbox rows the server holds."""
    conn.execute(OUTBOX.delete().where(OUTBOX.c.seq <= acked))


def highest_seq(conn: Connection) -> int:
    """The highest sequence ever given to an outbox row (AUTOINCREMENT never reuses one)."""
    value = conn.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'").scalar()
    return int(value or 0)


# ------------------------------------------------------------------ pull
def apply_pull(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> int:
    """Apply pulled rows with the outbox off; rows with unpushed local changes wait.

    Returns how many rows were refused by a local constraint (left as they are).
    """
    conn.execute(CLOCK.update().where(CLOCK.c.id == 1).values(applying=1))
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    dirty = {(t, k) for t, k in conn.execute(select(OUTBOX.c.table_name, OUTBOX.c.row_key))}
    refused = 0
    for tbl in sync_tables.synced_tables():
        found = rows.get(tbl.name)
        if found is None:
            continue
        if tbl.name in sync_tables.SNAPSHOT:
            _replace(conn, tbl, found)
            continue
        todo = [r for r in found if (tbl.name, sync_tables.key_of(tbl, r)) not in dirty]
        if todo:
            refused += _upsert_all(conn, tbl, todo)
    conn.execute(CLOCK.update().where(CLOCK.c.id == 1).values(applying=0))
    return refused


def _upsert_all(conn: Connection, tbl: Table, found: list[dict[str, Any]]) -> int:
    """Upsert rows in one statement; row by row only if a local constraint refuses one.

    Returns how many rows were refused (left as they are here).
    """
    keys = [c.name for c in tbl.primary_key.columns]
    cols = [c.name for c in tbl.columns]
    stmt = sqlite_insert(tbl)
    others = {c: stmt.excluded[c] for c in cols if c not in keys}
    stmt = (stmt.on_conflict_do_update(index_elements=keys, set_=others) if others
            else stmt.on_conflict_do_nothing())
    values = [{c: r[c] for c in cols} for r in found]
    try:
        with conn.begin_nested():
            conn.execute(stmt, values)
        return 0
    except IntegrityError:
        pass
    refused = 0
    for row in values:
        nested = conn.begin_nested()
        try:
            conn.execute(stmt, row)
            nested.commit()
        except IntegrityError:
            nested.rollback()
            refused += 1
    return refused


def _replace(conn: Connection, tbl: Table, found: Iterable[dict[str, Any]]) -> None:
    """Make a small table equal to the server's copy, writing only if it differs."""
    cols = [c.name for c in tbl.columns]
    theirs = {sync_tables.key_of(tbl, r): tuple(r[c] for c in cols) for r in found}
    mine = {sync_tables.key_of(tbl, dict(r)): tuple(r[c] for c in cols)
            for r in conn.execute(select(tbl)).mappings()}
    if theirs == mine:
        return
    conn.execute(tbl.delete())
    for row in found:
        conn.execute(tbl.insert().values(**{c: row[c] for c in cols}))


def observe(conn: Connection, remote_hlc: int) -> None:
    """HLC receive rule: local clock moves past every clock seen from the server."""
    conn.execute(CLOCK.update().where(CLOCK.c.id == 1)
                 .values(hlc=func.max(CLOCK.c.hlc, remote_hlc)))


# ------------------------------------------------------------------ leases
def leases_left(conn: Connection) -> dict[tuple[str, str, str], int]:
    """Unused leased numbers per (kind, name, key)."""
    rows = conn.execute(select(LEASES.c.kind, LEASES.c.name, LEASES.c.key,
                               func.sum(LEASES.c.last - LEASES.c.next + 1))
                        .where(LEASES.c.next <= LEASES.c.last)
                        .group_by(LEASES.c.kind, LEASES.c.name, LEASES.c.key))
    return {(k, n, key): int(left) for k, n, key, left in rows}


def add_lease(conn: Connection, device_id: str, kind: str, name: str, key: str,
              first: int, last: int) -> None:
    """Record a block granted by the server."""
    conn.execute(LEASES.insert().values(kind=kind, name=name, key=key, first=first, last=last,
                                        next=first, device_id=device_id))


def take_number(conn: Connection, kind: str, name: str, key: str) -> int | None:
    """Take the next number from this PC's blocks for (kind, name, key); None when none left."""
    for _ in range(5):
        row = conn.execute(select(LEASES.c.id, LEASES.c.next)
                           .where(LEASES.c.kind == kind, LEASES.c.name == name,
                                  LEASES.c.key == key, LEASES.c.next <= LEASES.c.last)
                           .order_by(LEASES.c.first).limit(1)).first()
        if row is None:
            return None
        done = conn.execute(LEASES.update().where(LEASES.c.id == row.id,
                                                  LEASES.c.next == row.next)
                            .values(next=row.next + 1))
        if done.rowcount == 1:
            return int(row.next)
    return None


def drop_leases(conn: Connection) -> None:
    """Forget every block (a restored PC may already have used some of them)."""
    conn.execute(LEASES.delete())


def outbox_json(change: Change) -> dict[str, Any]:
    """A change as plain JSON (for diagnostics and the CLI)."""
    return {"seq": change.seq, "table": change.table_name, "key": json.loads(change.row_key),
            "op": change.op, "hlc": change.hlc}
