"""milestones: appointments before the result (e.g. the tax notice) in the catalogue and dossiers

Revision ID: 0010_milestones
Revises: 0009_sync
Create Date: 2026-11-30 08:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_milestones'
down_revision = '0009_sync'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``procedures.milestones`` and ``dossiers.milestones`` (empty lists for old rows)."""
    for table in ('procedures', 'dossiers'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('milestones', sa.JSON(), nullable=False,
                                       server_default='[]'))


def downgrade() -> None:
    """Drop both columns."""
    for table in ('dossiers', 'procedures'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('milestones')
