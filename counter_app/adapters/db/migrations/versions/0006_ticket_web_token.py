"""ticket web token: the mobile ticket's per-ticket secret

Revision ID: 0006_ticket_web_token
Revises: 0005_admin
Create Date: 2026-11-30 08:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_ticket_web_token'
down_revision = '0005_admin'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``tickets.web_token`` (empty for tickets issued before: they have no mobile page)."""
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('web_token', sa.String(length=16), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    """Drop ``tickets.web_token``."""
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('web_token')
