"""identities(channel, chat_id) index: the reminder dispatcher reads which of a batch's chats are unreachable

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:20:00
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_identities_channel_chat', 'identities', ['channel', 'chat_id'])


def downgrade() -> None:
    op.drop_index('ix_identities_channel_chat', table_name='identities')
