"""Apply a pushed batch with a few statements per table instead of two round trips per change.

The rows the batch touches are read once (``FOR UPDATE``), the changes are merged in memory in
sequence order with the same rules as one at a time (:func:`merge.merge`), and each table's final
rows are written with one multi-row insert and one pipelined update, parents before children. Any
constraint the server refuses makes :func:`server.push` roll this back and apply the batch one
change at a time instead, so the outcome never differs.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert

from counter_app.adapters.db.models import all_metadata
from counter_app.adapters.sync import tables as sync_tables
from counter_app.adapters.sync.merge import Change, ext, flag, merge


def _key(model: Table, values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[c.name] for c in model.primary_key.columns)


def _load(conn: Connection, name: str, keys: set[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
    """The server's current rows of ``name`` for ``keys``, locked until commit."""
    model = sync_tables.table(name)
    tbl = ext(name)
    cols = [tbl.c[c.name] for c in model.primary_key.columns]
    found: dict[tuple[Any, ...], Any] = {}
    listed = sorted(keys, key=repr)
    for start in range(0, len(listed), 1000):
        part = listed[start:start + 1000]
        cond = cols[0].in_([k[0] for k in part]) if len(cols) == 1 else tuple_(*cols).in_(part)
        for row in conn.execute(select(tbl).where(cond).with_for_update()).mappings():
            found[tuple(row[c.name] for c in cols)] = dict(row)
    return found


def apply_batch(conn: Connection, device_id: str, todo: list[Change]) -> None:
    """Apply ``todo`` (fresh, in sequence order) as :func:`server._apply` would, one by one."""
    decoded: list[tuple[Change, dict[str, Any]]] = []
    wanted: dict[str, set[tuple[Any, ...]]] = {}
    for change in todo:
        name = change.table_name
        if (name in sync_tables.REFERENCE or not sync_tables.is_synced(name)
                or name not in all_metadata().tables):
            flag(conn, device_id, change, "refused", "not a pushed table")
            continue
        model = sync_tables.table(name)
        values = sync_tables.decode_sqlite(model, json.loads(change.payload))
        decoded.append((change, values))
        wanted.setdefault(name, set()).add(_key(model, values))
    existing = {name: _load(conn, name, keys) for name, keys in wanted.items()}
    state: dict[str, dict[tuple[Any, ...], dict[str, Any] | None]] = {n: {} for n in wanted}
    for change, values in decoded:
        name = change.table_name
        key = _key(sync_tables.table(name), values)
        rows = state[name]
        current = rows[key] if key in rows else existing[name].get(key)
        if change.op == "delete":
            if current is not None and int(current.get("sync_hlc") or 0) <= change.hlc:
                rows[key] = None
            continue
        if current is None:
            rows[key] = {**values, "sync_hlc": change.hlc}
            continue
        if name in sync_tables.APPEND_ONLY:
            continue
        merged = dict(current)
        merged.update(merge(conn, device_id, change, name, current, values))
        merged["sync_hlc"] = max(int(current.get("sync_hlc") or 0), change.hlc)
        rows[key] = merged  # rewritten even if unchanged: its sender pulls the server's copy
    for tbl in sync_tables.synced_tables():
        if state.get(tbl.name):
            _write(conn, tbl.name, state[tbl.name], existing[tbl.name])


def _write(conn: Connection, name: str, rows: dict[tuple[Any, ...], dict[str, Any] | None],
           existing: dict[tuple[Any, ...], Any]) -> None:
    model = sync_tables.table(name)
    tbl = ext(name)
    keys = [c.name for c in model.primary_key.columns]
    cols = [c.name for c in model.columns] + ["sync_hlc"]
    inserts = [{c: row.get(c) for c in cols} for k, row in rows.items()
               if row is not None and k not in existing]
    updates = [{**{f"k_{c}": row[c] for c in keys}, **{c: row.get(c) for c in cols
                                                       if c not in keys}}
               for k, row in rows.items() if row is not None and k in existing]
    gone = [{f"k_{c}": v for c, v in zip(keys, k, strict=True)}
            for k, row in rows.items() if row is None and k in existing]
    if inserts:
        conn.execute(pg_insert(tbl), inserts)
    where = and_(*(tbl.c[c] == bindparam(f"k_{c}") for c in keys))
    if updates:
        conn.execute(tbl.update().where(where).values(
            {c: bindparam(c) for c in cols if c not in keys}), updates)
    if gone:
        conn.execute(tbl.delete().where(where), gone)
