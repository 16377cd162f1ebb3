"""replies: the reply outbox (every reply an update produced, delivered from here)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        'replies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('chat_id', sa.String(length=128), nullable=False),
        sa.Column('update_key', sa.String(length=128), nullable=True),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('answer_key', sa.Text(), nullable=True),
        sa.Column('status', sa.String(length=16), server_default='claimed', nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('repeats', sa.Integer(), server_default='0', nullable=False),
        sa.Column('redelivered', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('claimed_by', sa.String(length=64), nullable=True),
        sa.Column('lease_until', ts, nullable=True),
        sa.Column('sending_at', ts, nullable=True),
        sa.Column('next_attempt_at', ts, nullable=True),
        sa.Column('created_at', ts, nullable=False),
        sa.Column('sent_at', ts, nullable=True),
        sa.Column('error', sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_replies')),
    )
    op.create_index('ix_replies_chat', 'replies', ['channel', 'chat_id', 'id'])
    op.create_index('ix_replies_status', 'replies', ['status', 'next_attempt_at'])


def downgrade() -> None:
    op.drop_index('ix_replies_status', table_name='replies')
    op.drop_index('ix_replies_chat', table_name='replies')
    op.drop_table('replies')
