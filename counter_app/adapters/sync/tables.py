"""Which tables sync, how, and how a row travels between SQLite and PostgreSQL.

* **Reference** tables (services, counters, officers with their password hashes, procedures,
  calendar, centre settings, closed days) flow from the server to the replicas only; a replica
  refuses to change them offline.
* **Local** tables never leave the PC: number counters (replaced offline by leased blocks), the
  lookup throttle, the sync bookkeeping itself.
* **Append-only** tables (events, audit, ratings, lookup log): a pushed row is inserted once and
  never changed.
* **Stateful** tables (dossiers, tickets) merge their status by the transition machine: a step is
  applied only if the server is still in the status the replica stepped from; fixed columns (codes,
  numbers, dates of issue) never change after insert.
* Every other table is a **record** merged last-writer-wins by the hybrid logical clock.

Every table not named here is a record, so a table added later syncs without a change here.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, LargeBinary, MetaData, Table, Uuid

from counter_app.adapters.db.models import all_metadata
from counter_app.adapters.db.types import UtcDateTime

REFERENCE = frozenset({"fields", "queue_services", "counters", "counter_services", "officers",
                       "priority_categories", "procedures", "calendar_overrides",
                       "officer_services", "centre_settings", "day_closures"})
LOCAL = frozenset({"sequences", "ticket_sequences", "lookup_throttle", "alembic_version",
                   "queue_waiting"})  # queue_waiting: counts kept by each store's own triggers
APPEND_ONLY = frozenset({"audit_log", "dossier_events", "ticket_events", "ratings",
                         "lookup_log"})
# Columns of reference tables a replica may change offline, for itself only (never pushed):
# failed logins and lockout, so the lockout rule holds on a PC offline too.
LOCAL_COLUMNS = {"officers": frozenset({"failed_logins", "locked_until", "updated_at"})}
# Small reference tables the server deletes from: pulled whole, every time.
SNAPSHOT = frozenset({"counter_services", "calendar_overrides", "officer_services",
                      "centre_settings"})
STATUS_COLUMN = {"dossiers": "status", "tickets": "status"}
FIXED = {
    "dossiers": frozenset({"code", "lookup_token", "agency_code", "business_date", "sequence",
                           "ledger_book", "ledger_line", "received_at", "created_at", "origin"}),
    "tickets": frozenset({"business_date", "issue_service_id", "number", "display_number",
                          "issued_at", "created_at", "origin"}),
}
# Columns that move with the status (taken with it, or kept with the server's status).
STATUS_BOUND = {
    "dossiers": frozenset({"status", "national_code", "sub_state", "appointment_at",
                           "original_appointment_at", "appointment_reason", "paused_since",
                           "supplement_count", "finished_at", "returned_at", "closed_at",
                           "before_withdrawal",
                           # QĐ 766 report columns, written by each step with the status
                           "ended_at", "on_time", "closure", "paused_minutes",
                           "processing_minutes"}),
    "tickets": frozenset({"status", "counter_id", "officer_id", "called_at", "serving_at",
                          "finished_at", "recall_count", "service_id", "target_counter_id"}),
}


def is_synced(name: str) -> bool:
    """True for tables that travel between server and replicas."""
    return name not in LOCAL and not name.startswith("sync_")


def synced_tables(metadata: MetaData | None = None) -> list[Table]:
    """Synced tables in foreign-key order (parents first)."""
    meta = metadata or all_metadata()
    return [t for t in meta.sorted_tables if is_synced(t.name)]


def pushed_tables(metadata: MetaData | None = None) -> list[Table]:
    """Tables whose local changes go to the server (synced, not reference)."""
    return [t for t in synced_tables(metadata) if t.name not in REFERENCE]


def table(name: str) -> Table:
    """The model table called ``name``."""
    return all_metadata().tables[name]


def key_of(tbl: Table, row: dict[str, Any]) -> str:
    """A row's primary key as a stable string (for the outbox and dirty checks)."""
    return json.dumps([_plain(row[c.name]) for c in tbl.primary_key.columns],
                      separators=(",", ":"), ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def decode_sqlite(tbl: Table, payload: dict[str, Any]) -> dict[str, Any]:
    """Turn a row as SQLite's ``json_object`` wrote it into Python values for ``tbl``."""
    out: dict[str, Any] = {}
    for col in tbl.columns:
        if col.name not in payload:
            continue
        out[col.name] = _decode(col.type, payload[col.name])
    return out


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(tp, Uuid):
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if isinstance(tp, UtcDateTime):
        moment = dt.datetime.fromisoformat(str(value))
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if isinstance(tp, DateTime):
        return dt.datetime.fromisoformat(str(value))
    if isinstance(tp, Date):
        return dt.date.fromisoformat(str(value))
    if isinstance(tp, JSON):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(tp, Boolean):
        return bool(value)
    if isinstance(tp, LargeBinary):
        return bytes.fromhex(str(value))
    return value
