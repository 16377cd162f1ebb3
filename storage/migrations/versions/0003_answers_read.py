"""submissions.answers_read_at/by: when an admin last opened a submission's answers

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submissions') as batch:
        batch.add_column(sa.Column('answers_read_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('answers_read_by', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('submissions') as batch:
        batch.drop_column('answers_read_by')
        batch.drop_column('answers_read_at')
