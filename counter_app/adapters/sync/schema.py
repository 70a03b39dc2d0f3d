"""The sync bookkeeping tables (migration ``0005_sync`` creates them; both backends get all).

On a replica PC (SQLite): ``sync_outbox`` (each local change, written by trigger in the change's
own transaction), ``sync_clock`` (the hybrid logical clock and the "applying a pull" switch that
keeps pulled rows out of the outbox), ``sync_state`` (device id, pull cursor, last push/pull,
online flag) and ``sync_leases`` (number blocks leased from the server).

On the server (PostgreSQL): ``sync_devices`` (each PC and its high-water sequence),
``sync_inbox`` ((device, sequence) of every applied change: a repeated batch changes nothing),
``sync_server_leases`` (every block handed out; a trigger refuses overlaps) and
``sync_conflicts`` (late steps kept and flagged for a supervisor).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from counter_app.adapters.db.types import UtcDateTime

SYNC = MetaData()

OUTBOX = Table(
    "sync_outbox", SYNC,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(64), nullable=False),
    Column("row_key", Text, nullable=False),
    Column("op", String(8), nullable=False),  # upsert | delete
    Column("payload", Text, nullable=False),
    Column("prev_status", String(32)),
    Column("hlc", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)
CLOCK = Table(
    "sync_clock", SYNC,
    Column("id", Integer, primary_key=True),
    Column("hlc", BigInteger, nullable=False, default=0),
    Column("applying", Integer, nullable=False, default=0),
)
STATE = Table(
    "sync_state", SYNC,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
LEASES = Table(
    "sync_leases", SYNC,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),  # seq | ticket
    Column("name", String(64), nullable=False),  # sequence name, or service id (hex)
    Column("key", String(100), nullable=False),  # sequence key, or business date
    Column("first", Integer, nullable=False),
    Column("last", Integer, nullable=False),
    Column("next", Integer, nullable=False),
    Column("device_id", String(64), nullable=False),
)
DEVICES = Table(
    "sync_devices", SYNC,
    Column("device_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False, default=""),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("acked_seq", BigInteger, nullable=False, default=0),
    Column("last_push_at", UtcDateTime),
    Column("last_pull_at", UtcDateTime),
    Column("backlog", Integer, nullable=False, default=0),
    Column("retired", Boolean, nullable=False, default=False),
)
INBOX = Table(
    "sync_inbox", SYNC,
    Column("device_id", String(64), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
)
SERVER_LEASES = Table(
    "sync_server_leases", SYNC,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("name", String(64), nullable=False),
    Column("key", String(100), nullable=False),
    Column("first", Integer, nullable=False),
    Column("last", Integer, nullable=False),
    Column("leased_at", UtcDateTime, nullable=False),
)
CONFLICTS = Table(
    "sync_conflicts", SYNC,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("row_key", Text, nullable=False),
    Column("kind", String(32), nullable=False),  # late_step | refused
    Column("detail", Text, nullable=False, default=""),
)
