"""waiting-count shards: 1024 per (day, service) on PostgreSQL instead of 8

Revision ID: 0011_waiting_shards
Revises: 0010_milestones
Create Date: 2026-11-30 11:30:00.000000

The ``queue_waiting`` trigger (migration 0008) writes the shard ``pg_backend_pid() % 8``; with
8 counters calling at once two backends often share a shard and the second waits for the
first's commit (``bench/diag_pg.py``: most of call-next's row-lock waits). ``% 1024`` makes that
rare; a (day, service) still has only as many rows as connections that wrote it, and readers
add them up as before. SQLite (one writer, shard 0) is unchanged.
"""

from __future__ import annotations

from alembic import op

revision = '0011_waiting_shards'
down_revision = '0010_milestones'
branch_labels = None
depends_on = None


def _function(shards: int) -> str:
    """The trigger function of 0008 with ``shards`` shards."""
    return f"""
CREATE OR REPLACE FUNCTION counter_app_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s integer := pg_backend_pid() % {shards};
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'waiting' THEN
        INSERT INTO queue_waiting AS w (business_date, service_id, shard, waiting)
        VALUES (OLD.business_date, OLD.service_id, s, -1)
        ON CONFLICT (business_date, service_id, shard) DO UPDATE SET waiting = w.waiting - 1;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'waiting' THEN
        INSERT INTO queue_waiting AS w (business_date, service_id, shard, waiting)
        VALUES (NEW.business_date, NEW.service_id, s, 1)
        ON CONFLICT (business_date, service_id, shard) DO UPDATE SET waiting = w.waiting + 1;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    """Widen the shard range of the PostgreSQL trigger function."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_function(1024))


def downgrade() -> None:
    """Back to 8 shards."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_function(8))
