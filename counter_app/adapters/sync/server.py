"""The server side of sync, run inside one PostgreSQL transaction per call.

* :func:`ensure_stamping` gives every synced table a ``sync_txid`` (the writing transaction's id,
  stamped by trigger: the pull cursor) and a ``sync_hlc`` (hybrid logical clock of the last
  write: last-writer-wins), idempotently, so tables added by later migrations join in.
* :func:`push` applies a batch: each change once (the inbox holds (device, sequence)), each in a
  savepoint (a change the server must refuse is flagged, never blocks the batch), merged by
  :mod:`tables`' rules; it answers the device's highest contiguous sequence.
* :func:`pull` reads every row stamped by a transaction not older than the cursor, in one
  snapshot, and returns the snapshot's xmin as the next cursor (no committed row is ever skipped,
  whatever order transactions commit in).
* :func:`lease` hands out number blocks by advancing the same counters the server itself uses;
  ``sync_server_leases`` records them and a trigger refuses any overlap.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    inspect,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError

from counter_app.adapters.db.models import all_metadata
from counter_app.adapters.sync import tables as sync_tables
from counter_app.adapters.sync.merge import Change, ext, flag, merge, now
from counter_app.adapters.sync.schema import DEVICES, INBOX, SERVER_LEASES

STAMP_FUNCTION = """
CREATE OR REPLACE FUNCTION counter_sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sync_txid := pg_current_xact_id()::text::bigint;
  IF coalesce(current_setting('counter.sync_apply', true), '') <> 'on' THEN
    NEW.sync_hlc := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint * 65536;
  END IF;
  RETURN NEW;
END $$
"""
LEASE_CHECK = """
CREATE OR REPLACE FUNCTION counter_sync_lease_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(NEW.kind || '|' || NEW.name || '|' || NEW.key));
  IF NEW.first > NEW.last OR EXISTS (
      SELECT 1 FROM sync_server_leases l WHERE l.kind = NEW.kind AND l.name = NEW.name
      AND l.key = NEW.key AND l.first <= NEW.last AND NEW.first <= l.last AND l.id <> NEW.id)
  THEN
    RAISE EXCEPTION 'number blocks overlap' USING ERRCODE = '23P01';
  END IF;
  RETURN NEW;
END $$
"""


NOTIFY_CHANNEL = "counter_sync"
FOREIGN_KEY_VIOLATION = "23503"


def ensure_stamping(conn: Connection) -> None:
    """Install the stamping trigger and columns on every synced table that lacks them (one PC
    at a time: an advisory lock; nothing is rewritten when all is in place)."""
    insp = inspect(conn)
    lacking = [name for name in insp.get_table_names() if sync_tables.is_synced(name)
               and not {"sync_txid", "sync_hlc"} <= {c["name"] for c in insp.get_columns(name)}]
    installed = conn.exec_driver_sql(
        "SELECT count(*) FROM pg_proc WHERE proname IN"
        " ('counter_sync_stamp', 'counter_sync_lease_check')").scalar_one()
    if not lacking and installed == 2:
        return
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('counter_sync_schema'))")
    conn.exec_driver_sql(STAMP_FUNCTION)
    conn.exec_driver_sql(LEASE_CHECK)
    conn.exec_driver_sql(
        "DROP TRIGGER IF EXISTS sync_lease_check ON sync_server_leases;"
        " CREATE TRIGGER sync_lease_check BEFORE INSERT OR UPDATE ON sync_server_leases"
        " FOR EACH ROW EXECUTE FUNCTION counter_sync_lease_check()")
    for name in lacking:
        conn.exec_driver_sql(
            f"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS sync_txid bigint,"
            f" ADD COLUMN IF NOT EXISTS sync_hlc bigint;"
            f" CREATE INDEX IF NOT EXISTS ix_{name}_sync_txid ON {name} (sync_txid);"
            f" DROP TRIGGER IF EXISTS sync_stamp ON {name};"
            f" CREATE TRIGGER sync_stamp BEFORE INSERT OR UPDATE ON {name}"
            f" FOR EACH ROW EXECUTE FUNCTION counter_sync_stamp();"
            f" UPDATE {name} SET sync_hlc = 0 WHERE sync_txid IS NULL")


def register(conn: Connection, device_id: str, name: str, base_seq: int) -> int:
    """Create the device (acked up to ``base_seq``) if new, else refresh its name; return its
    acked sequence."""
    conn.execute(pg_insert(DEVICES).values(
        device_id=device_id, name=name, registered_at=now(), acked_seq=base_seq, backlog=0,
        retired=False).on_conflict_do_update(index_elements=["device_id"], set_={"name": name}))
    acked = conn.execute(select(DEVICES.c.acked_seq).where(DEVICES.c.device_id == device_id)
                         ).scalar_one()
    return int(acked)


def retire(conn: Connection, device_id: str) -> None:
    """Mark a device as replaced (a PC restored from backup came back under a new id)."""
    conn.execute(DEVICES.update().where(DEVICES.c.device_id == device_id).values(retired=True))


def push(conn: Connection, device_id: str, changes: list[Change]) -> int:
    """Apply ``changes`` once each; return the device's highest contiguous applied sequence.

    The caller notifies :data:`NOTIFY_CHANNEL` after the commit (a ``pg_notify`` inside the
    transaction would serialise every commit of the cluster)."""
    conn.exec_driver_sql("SET LOCAL counter.sync_apply = 'on'")
    acked = int(conn.execute(select(DEVICES.c.acked_seq).where(DEVICES.c.device_id == device_id)
                             .with_for_update()).scalar_one())
    todo = [c for c in sorted(changes, key=lambda c: c.seq) if c.seq > acked]
    if todo:
        fresh = set(conn.execute(text(
            "INSERT INTO sync_inbox (device_id, seq) SELECT :d, unnest(CAST(:s AS bigint[]))"
            " ON CONFLICT DO NOTHING RETURNING seq"),
            {"d": device_id, "s": [c.seq for c in todo]}).scalars())
        todo = [c for c in todo if c.seq in fresh]
    try:  # the whole batch in one savepoint; one change at a time only if one is refused
        from counter_app.adapters.sync.server_batch import apply_batch

        with conn.begin_nested():
            apply_batch(conn, device_id, todo)
    except IntegrityError:
        for change in todo:
            nested = conn.begin_nested()
            try:
                _apply(conn, device_id, change)
                nested.commit()
            except IntegrityError as exc:
                nested.rollback()
                if getattr(exc.orig, "sqlstate", "") == FOREIGN_KEY_VIOLATION:
                    # its parent is in a batch still to come: not applied, so not acked
                    conn.execute(INBOX.delete().where(INBOX.c.device_id == device_id,
                                                      INBOX.c.seq == change.seq))
                    continue
                flag(conn, device_id, change, "refused", str(exc.orig).splitlines()[0][:500])
                _touch(conn, change)  # the PC pulls the server's copy back over its own
    held = conn.execute(select(INBOX.c.seq).where(INBOX.c.device_id == device_id,
                                                  INBOX.c.seq > acked).order_by(INBOX.c.seq))
    for (seq,) in held:
        if seq != acked + 1:
            break
        acked = int(seq)
    conn.execute(INBOX.delete().where(INBOX.c.device_id == device_id, INBOX.c.seq <= acked))
    conn.execute(DEVICES.update().where(DEVICES.c.device_id == device_id)
                 .values(acked_seq=acked, last_push_at=now()))
    return acked


def _where_key(tbl: Table, key: dict[str, Any]) -> Any:
    cond = [tbl.c[k] == v for k, v in key.items()]
    out = cond[0]
    for c in cond[1:]:
        out = out & c
    return out


def _apply(conn: Connection, device_id: str, change: Change) -> None:
    name = change.table_name
    if name in sync_tables.REFERENCE or not sync_tables.is_synced(name) or name not in all_metadata().tables:
        flag(conn, device_id, change, "refused", "not a pushed table")
        return
    model = sync_tables.table(name)
    values = sync_tables.decode_sqlite(model, json.loads(change.payload))
    tbl = ext(name)
    key = {c.name: values[c.name] for c in model.primary_key.columns}
    if change.op == "delete":
        conn.execute(tbl.delete().where(_where_key(tbl, key), text(
            "coalesce(sync_hlc, 0) <= :h").bindparams(h=change.hlc)))
        return
    if name in sync_tables.APPEND_ONLY:
        conn.execute(pg_insert(tbl).values(**values, sync_hlc=change.hlc).on_conflict_do_nothing())
        return
    current = conn.execute(select(tbl).where(_where_key(tbl, key)).with_for_update()
                           ).mappings().first()
    if current is None:
        conn.execute(pg_insert(tbl).values(**values, sync_hlc=change.hlc))
        return
    updates = merge(conn, device_id, change, name, dict(current), values)
    stamp = max(int(current["sync_hlc"] or 0), change.hlc)
    # always rewrite the row: a change that lost is pulled back by the PC that made it
    conn.execute(tbl.update().where(_where_key(tbl, key)).values(**updates, sync_hlc=stamp))


def _touch(conn: Connection, change: Change) -> None:
    """Re-stamp the server's row of a refused change so the PC that sent it pulls it again."""
    if change.table_name not in all_metadata().tables:
        return
    model = sync_tables.table(change.table_name)
    values = sync_tables.decode_sqlite(model, json.loads(change.payload))
    tbl = ext(change.table_name)
    key = {c.name: values[c.name] for c in model.primary_key.columns if c.name in values}
    if len(key) == len(model.primary_key.columns):
        conn.execute(tbl.update().where(_where_key(tbl, key))
                     .values(sync_hlc=tbl.c.sync_hlc))


def pull(conn: Connection, cursor: int) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """Rows changed by transactions from ``cursor`` on, per table; and the next cursor.

    ``conn`` must be in a REPEATABLE READ transaction so the rows and the cursor share one
    snapshot.
    """
    xmin = int(conn.exec_driver_sql(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").scalar_one())
    out: dict[str, list[dict[str, Any]]] = {}
    for tbl in sync_tables.synced_tables():
        query = select(tbl, literal_column("sync_hlc"))
        if tbl.name not in sync_tables.SNAPSHOT:
            query = query.where(text("sync_txid >= :c").bindparams(c=cursor))
        rows = conn.execute(query)
        found = [dict(r) for r in rows.mappings()]
        if found or tbl.name in sync_tables.SNAPSHOT:
            out[tbl.name] = found
    return out, xmin


@dataclass(frozen=True)
class LeaseRequest:
    """A block wanted: ``kind`` seq (name, key of ``sequences``) or ticket (service id, day)."""

    kind: str
    name: str
    key: str
    size: int
    start: int = 1


def lease(conn: Connection, device_id: str, req: LeaseRequest) -> tuple[int, int]:
    """Reserve the next ``size`` numbers of a counter for ``device_id``; return (first, last)."""
    if req.kind == "seq":
        last = conn.execute(text(
            "INSERT INTO sequences (name, key, last) VALUES (:n, :k, :b)"
            " ON CONFLICT (name, key) DO UPDATE SET last = sequences.last + :b RETURNING last"),
            {"n": req.name, "k": req.key, "b": req.size}).scalar_one()
    else:
        last = conn.execute(text(
            "INSERT INTO ticket_sequences (business_date, service_id, last_number, issued)"
            " VALUES (:d, :s, :f, 0) ON CONFLICT (business_date, service_id) DO UPDATE"
            " SET last_number = ticket_sequences.last_number + :b RETURNING last_number"),
            {"d": dt.date.fromisoformat(req.key), "s": uuid.UUID(req.name),
             "f": req.start + req.size - 1, "b": req.size}).scalar_one()
    first = int(last) - req.size + 1
    conn.execute(SERVER_LEASES.insert().values(
        device_id=device_id, kind=req.kind, name=req.name, key=req.key, first=first,
        last=int(last), leased_at=now()))
    return first, int(last)


def heartbeat(conn: Connection, device_id: str, backlog: int) -> None:
    """Record that the device pulled, and how many changes it still holds."""
    conn.execute(DEVICES.update().where(DEVICES.c.device_id == device_id)
                 .values(last_pull_at=now(), backlog=backlog))
