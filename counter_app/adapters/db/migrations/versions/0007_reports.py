"""reports: QĐ 766 indicator columns of dossiers, digitised files, counter pauses

Revision ID: 0007_reports
Revises: 0006_ticket_web_token
Create Date: 2026-11-30 08:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import counter_app.adapters.db.types

revision = '0007_reports'
down_revision = '0006_ticket_web_token'
branch_labels = None
depends_on = None

_UTC = counter_app.adapters.db.types.UtcDateTime


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', _UTC(), nullable=True))
        batch_op.add_column(sa.Column('on_time', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', _UTC(), nullable=True))
        batch_op.add_column(sa.Column('closure', sa.String(length=16), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('paused_minutes', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('processing_minutes', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dossiers_ended_at'), ['ended_at'], unique=False)
    op.create_table('dossier_files',
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('document_position', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('stored_path', sa.String(length=400), nullable=False),
    sa.Column('officer_username', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', _UTC(), nullable=False),
    sa.Column('updated_at', _UTC(), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'],
                            name=op.f('fk_dossier_files_dossier_id_dossiers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_files'))
    )
    with op.batch_alter_table('dossier_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_files_dossier_id'), ['dossier_id'], unique=False)
    with op.batch_alter_table('counter_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_since', _UTC(), nullable=True))
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_issued_at', ['issued_at'], unique=False)


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_issued_at')
    with op.batch_alter_table('counter_sessions', schema=None) as batch_op:
        batch_op.drop_column('paused_since')
    with op.batch_alter_table('dossier_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_files_dossier_id'))
    op.drop_table('dossier_files')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossiers_ended_at'))
        for name in ('processing_minutes', 'paused_minutes', 'closure', 'closed_at', 'on_time',
                     'ended_at'):
            batch_op.drop_column(name)
