"""channel_usage: messages sent per quota period and the warnings given (Zalo Bot Platform)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 04:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'channel_usage',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('period', sa.String(length=10), nullable=False),
        sa.Column('sent', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('warned', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('users_warned', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('exceeded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_usage')),
        sa.UniqueConstraint('channel', 'period', name='uq_channel_usage_channel_period'),
    )


def downgrade() -> None:
    op.drop_table('channel_usage')
