"""admin: accounts lockout, officer services, counter PC binding, issuing hours, audit chain,
centre settings, day closures

Revision ID: 0005_admin
Revises: 0004_lifecycle
Create Date: 2026-11-30 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import counter_app.adapters.db.types
from counter_app.domain.audit_chain import GENESIS, link_hash

revision = '0005_admin'
down_revision = '0004_lifecycle'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table('centre_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', counter_app.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_centre_settings'))
    )
    op.create_table('audit_heads',
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('origin', name=op.f('pk_audit_heads'))
    )
    op.create_table('day_closures',
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('closed_at', counter_app.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('business_date', name=op.f('pk_day_closures'))
    )
    op.create_table('officer_services',
    sa.Column('officer_id', sa.Uuid(), nullable=False),
    sa.Column('service_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_officer_services_officer_id_officers')),
    sa.ForeignKeyConstraint(['service_id'], ['queue_services.id'], name=op.f('fk_officer_services_service_id_queue_services')),
    sa.PrimaryKeyConstraint('officer_id', 'service_id', name=op.f('pk_officer_services'))
    )
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', counter_app.adapters.db.types.UtcDateTime(), nullable=True))
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pc_name', sa.String(length=64), nullable=False, server_default=''))
    with op.batch_alter_table('queue_services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issue_from', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('issue_to', sa.String(length=5), nullable=True))
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=False, server_default=''))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_origin_seq'), ['origin', 'seq'])
    _chain_existing_rows()


def _chain_existing_rows() -> None:
    """Number and hash the audit rows written before the chain existed, per origin by time."""
    conn = op.get_bind()
    audit = sa.table('audit_log', sa.column('id', sa.Uuid()), sa.column('origin', sa.String()),
                     sa.column('at', counter_app.adapters.db.types.UtcDateTime()),
                     sa.column('actor', sa.String()), sa.column('action', sa.String()),
                     sa.column('subject', sa.String()), sa.column('detail', sa.Text()),
                     sa.column('seq', sa.Integer()), sa.column('prev_hash', sa.String()),
                     sa.column('row_hash', sa.String()))
    heads = sa.table('audit_heads', sa.column('origin', sa.String()),
                     sa.column('seq', sa.Integer()), sa.column('row_hash', sa.String()))
    rows = conn.execute(sa.select(audit.c.id, audit.c.origin, audit.c.at, audit.c.actor,
                                  audit.c.action, audit.c.subject, audit.c.detail)
                        .order_by(audit.c.origin, audit.c.at, audit.c.id)).all()
    state: dict[str, tuple[int, str]] = {}
    for r in rows:
        seq, prev = state.get(r.origin, (0, GENESIS))
        seq += 1
        digest = link_hash(prev, entry_id=r.id, origin=r.origin, seq=seq, at=r.at, actor=r.actor,
                           action=r.action, subject=r.subject, detail=r.detail)
        conn.execute(audit.update().where(audit.c.id == r.id)
                     .values(seq=seq, prev_hash=prev, row_hash=digest))
        state[r.origin] = (seq, digest)
    for origin, (seq, digest) in state.items():
        conn.execute(heads.insert().values(origin=origin, seq=seq, row_hash=digest))


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_origin_seq'), type_='unique')
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    with op.batch_alter_table('queue_services', schema=None) as batch_op:
        batch_op.drop_column('issue_to')
        batch_op.drop_column('issue_from')
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_column('pc_name')
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('title')
    op.drop_table('officer_services')
    op.drop_table('day_closures')
    op.drop_table('audit_heads')
    op.drop_table('centre_settings')
