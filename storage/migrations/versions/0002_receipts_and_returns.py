"""submission count (for receipts) and the questions a return concerns

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submissions') as batch:
        batch.add_column(sa.Column('submit_count', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('return_questions', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('submissions') as batch:
        batch.drop_column('return_questions')
        batch.drop_column('submit_count')
