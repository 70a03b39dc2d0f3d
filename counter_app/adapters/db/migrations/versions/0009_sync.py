"""sync: outbox, clock, state and leases on every store; devices, inbox, leases, conflicts and
row stamping (sync_txid, sync_hlc) on the server

Revision ID: 0009_sync
Revises: 0008_queue_speed
Create Date: 2026-11-30 08:45:00
"""

from __future__ import annotations

from alembic import op

from counter_app.adapters.sync.schema import SYNC
from counter_app.adapters.sync.server import ensure_stamping

revision = '0009_sync'
down_revision = '0008_queue_speed'
branch_labels = None
depends_on = None

LOCAL = ("sync_outbox", "sync_clock", "sync_state", "sync_leases")
SERVER = ("sync_devices", "sync_inbox", "sync_server_leases", "sync_conflicts")


def upgrade() -> None:
    """Apply this migration."""
    bind = op.get_bind()
    for name in LOCAL + SERVER:
        SYNC.tables[name].create(bind)
    if bind.dialect.name == "postgresql":
        ensure_stamping(bind)


def downgrade() -> None:
    """Revert this migration (the stamping columns stay; they are harmless)."""
    for name in reversed(LOCAL + SERVER):
        op.drop_table(name)
