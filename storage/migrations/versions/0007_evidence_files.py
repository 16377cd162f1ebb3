"""evidence_files: what is known of each evidence file stored by content hash

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'evidence_files',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('mime', sa.String(length=100), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('sent_by', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files')),
        sa.UniqueConstraint('sha256', name=op.f('uq_evidence_files_sha256')),
    )


def downgrade() -> None:
    op.drop_table('evidence_files')
