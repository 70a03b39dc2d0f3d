"""queue speed: waiting counts kept by triggers, indexes for calling order and service times

Revision ID: 0008_queue_speed
Revises: 0007_reports
Create Date: 2026-11-30 09:00:00.000000

* ``queue_waiting``: the number of waiting tickets per (business date, service), kept by
  triggers on ``tickets`` (insert, delete, and updates of status, service or date), so "people
  ahead" and the kiosk's waiting figures read a few rows instead of counting a long day. On
  PostgreSQL each connection writes its own shard (``pg_backend_pid() % 8``) so counters calling
  at once do not queue on one row lock; readers add the shards up. SQLite has one writer: shard 0.
* ``ix_tickets_waiting_order``: (date, status, priority rank, issue time, number, display
  number, id), the calling order: call-next reads the head of the queue instead of sorting it.
* ``ix_tickets_day_status_service`` gains ``priority_rank`` (priority people ahead by range).
* PostgreSQL: tickets, ticket events and sequences no longer ``pg_notify`` from statement
  triggers inside the transaction (that serialises every commit cluster-wide); the queue
  repository notifies after commit (``adapters/db/change_notify.py``). Counter sessions keep
  their trigger (rare writes, also made outside the queue repository).
* ``ix_tickets_service_done``: (service, status, finished_at, called_at) for the rolling average
  of service times, which otherwise scans all history.

SQLite's batch mode ("move and copy") drops triggers: a later migration that rebuilds ``tickets``
must call :func:`create_waiting_triggers` again (``tests/integration/test_queue_waiting_counts``
recounts after the whole chain on both backends).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_queue_speed'
down_revision = '0007_reports'
branch_labels = None
depends_on = None

WAITING = "'waiting'"
MOVED = ("(OLD.status IS NOT NEW.status OR OLD.service_id IS NOT NEW.service_id "
         "OR OLD.business_date IS NOT NEW.business_date)")
PG_MOVED = ("(OLD.status, OLD.service_id, OLD.business_date) IS DISTINCT FROM "
            "(NEW.status, NEW.service_id, NEW.business_date)")
WATCHED = "UPDATE OF status, service_id, business_date"
NOTIFY_AFTER_COMMIT = ("ticket_sequences", "tickets", "ticket_events")


def _sqlite_bump(row: str, delta: int) -> str:
    return (f"INSERT INTO queue_waiting (business_date, service_id, shard, waiting) "
            f"VALUES ({row}.business_date, {row}.service_id, 0, {delta}) "
            f"ON CONFLICT (business_date, service_id, shard) "
            f"DO UPDATE SET waiting = waiting + ({delta});")


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION counter_app_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s integer := pg_backend_pid() % 8;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = {WAITING} THEN
        INSERT INTO queue_waiting AS w (business_date, service_id, shard, waiting)
        VALUES (OLD.business_date, OLD.service_id, s, -1)
        ON CONFLICT (business_date, service_id, shard) DO UPDATE SET waiting = w.waiting - 1;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = {WAITING} THEN
        INSERT INTO queue_waiting AS w (business_date, service_id, shard, waiting)
        VALUES (NEW.business_date, NEW.service_id, s, 1)
        ON CONFLICT (business_date, service_id, shard) DO UPDATE SET waiting = w.waiting + 1;
    END IF;
    RETURN NULL;
END
$$
"""


def create_waiting_triggers() -> None:
    """Create the triggers that keep ``queue_waiting`` (both backends)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER tickets_waiting_insert AFTER INSERT ON tickets FOR EACH ROW "
                   f"WHEN (NEW.status = {WAITING}) EXECUTE FUNCTION counter_app_waiting()")
        op.execute(f"CREATE TRIGGER tickets_waiting_update AFTER {WATCHED} ON tickets "
                   f"FOR EACH ROW WHEN ((OLD.status = {WAITING} OR NEW.status = {WAITING}) "
                   f"AND {PG_MOVED}) EXECUTE FUNCTION counter_app_waiting()")
        op.execute("CREATE TRIGGER tickets_waiting_delete AFTER DELETE ON tickets FOR EACH ROW "
                   f"WHEN (OLD.status = {WAITING}) EXECUTE FUNCTION counter_app_waiting()")
        return
    op.execute(f"CREATE TRIGGER tickets_waiting_insert AFTER INSERT ON tickets "
               f"WHEN NEW.status = {WAITING} BEGIN {_sqlite_bump('NEW', 1)} END")
    op.execute(f"CREATE TRIGGER tickets_waiting_left AFTER {WATCHED} ON tickets "
               f"WHEN OLD.status = {WAITING} AND {MOVED} BEGIN {_sqlite_bump('OLD', -1)} END")
    op.execute(f"CREATE TRIGGER tickets_waiting_joined AFTER {WATCHED} ON tickets "
               f"WHEN NEW.status = {WAITING} AND {MOVED} BEGIN {_sqlite_bump('NEW', 1)} END")
    op.execute(f"CREATE TRIGGER tickets_waiting_delete AFTER DELETE ON tickets "
               f"WHEN OLD.status = {WAITING} BEGIN {_sqlite_bump('OLD', -1)} END")


def drop_waiting_triggers() -> None:
    """Drop the triggers of :func:`create_waiting_triggers`."""
    pg = op.get_bind().dialect.name == "postgresql"
    names = (("insert", "update", "delete") if pg else ("insert", "left", "joined", "delete"))
    for name in names:
        op.execute(f"DROP TRIGGER IF EXISTS tickets_waiting_{name}" + (" ON tickets" if pg else ""))
    if pg:
        op.execute("DROP FUNCTION IF EXISTS counter_app_waiting()")


def upgrade() -> None:
    """Apply this migration."""
    op.create_table('queue_waiting',
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('service_id', sa.Uuid(), nullable=False),
    sa.Column('shard', sa.Integer(), nullable=False),
    sa.Column('waiting', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['queue_services.id'], name=op.f('fk_queue_waiting_service_id_queue_services')),
    sa.PrimaryKeyConstraint('business_date', 'service_id', 'shard', name=op.f('pk_queue_waiting'))
    )
    op.execute("INSERT INTO queue_waiting (business_date, service_id, shard, waiting) "
               "SELECT business_date, service_id, 0, count(*) FROM tickets "
               f"WHERE status = {WAITING} GROUP BY business_date, service_id")
    create_waiting_triggers()
    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFY_AFTER_COMMIT:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_notify ON {table}")
    op.drop_index('ix_tickets_day_status_service', table_name='tickets')
    op.create_index('ix_tickets_day_status_service', 'tickets',
                    ['business_date', 'status', 'service_id', 'priority_rank'])
    op.create_index('ix_tickets_waiting_order', 'tickets',
                    ['business_date', 'status', 'priority_rank', 'issued_at', 'number',
                     'display_number', 'id'])
    op.create_index('ix_tickets_service_done', 'tickets',
                    ['service_id', 'status', 'finished_at', 'called_at'])


def downgrade() -> None:
    """Revert this migration."""
    op.drop_index('ix_tickets_service_done', table_name='tickets')
    op.drop_index('ix_tickets_waiting_order', table_name='tickets')
    op.drop_index('ix_tickets_day_status_service', table_name='tickets')
    op.create_index('ix_tickets_day_status_service', 'tickets',
                    ['business_date', 'status', 'service_id'])
    drop_waiting_triggers()
    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFY_AFTER_COMMIT:
            op.execute(f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION counter_app_notify()")
    op.drop_table('queue_waiting')
