"""zalo_oa_tokens and zalo_oa_contacts: the Zalo Official Account's token pair and its followers' reply windows

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'zalo_oa_tokens',
        sa.Column('app_id', sa.String(length=32), nullable=False),
        sa.Column('access_token', sa.String(length=2000), server_default='', nullable=False),
        sa.Column('refresh_token', sa.String(length=2000), nullable=False),
        sa.Column('access_expires_at', TS, nullable=False),
        sa.Column('refresh_expires_at', TS, nullable=True),
        sa.Column('updated_at', TS, nullable=False),
        sa.Column('lock_seq', sa.Integer(), server_default='0', nullable=False),
        sa.Column('attempt_at', TS, nullable=True),
        sa.Column('lost_at', TS, nullable=True),
        sa.Column('lost_reason', sa.String(length=300), nullable=True),
        sa.Column('quota_until', TS, nullable=True),
        sa.Column('quota_told_at', TS, nullable=True),
        sa.Column('webhook_ok_at', TS, nullable=True),
        sa.Column('webhook_refused_at', TS, nullable=True),
        sa.Column('webhook_refused_reason', sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint('app_id', name=op.f('pk_zalo_oa_tokens')),
    )
    op.create_table(
        'zalo_oa_contacts',
        sa.Column('user_id', sa.String(length=128), nullable=False),
        sa.Column('last_inbound_at', TS, nullable=True),
        sa.Column('followed', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('missed_at', TS, nullable=True),
        sa.Column('missed_reason', sa.String(length=300), nullable=True),
        sa.Column('updated_at', TS, nullable=False),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_zalo_oa_contacts')),
    )


def downgrade() -> None:
    op.drop_table('zalo_oa_contacts')
    op.drop_table('zalo_oa_tokens')
