"""The Zalo Official Account's tables (they join :data:`storage.schema.metadata`).

* ``zalo_oa_tokens`` — one row per app: the access/refresh pair (never
  logged), when each expires, the refresh in progress (``attempt_at``: set and
  committed before Zalo is asked, cleared in the transaction that stores the
  new pair, so a crash in between leaves it behind), a pair known lost, the
  quota pause, and the webhook's health.
* ``zalo_oa_contacts`` — one row per OA follower: their last message (the
  reply windows count from it), whether they follow the OA, and a message
  held back because their window had closed.
"""

from __future__ import annotations

import sqlalchemy as sa

from storage.schema_base import TS, metadata

zalo_oa_tokens = sa.Table(
    "zalo_oa_tokens",
    metadata,
    sa.Column("app_id", sa.String(32), primary_key=True),
    sa.Column("access_token", sa.String(2000), nullable=False, server_default=""),
    sa.Column("refresh_token", sa.String(2000), nullable=False),
    sa.Column("access_expires_at", TS, nullable=False),
    sa.Column("refresh_expires_at", TS, nullable=True),
    sa.Column("updated_at", TS, nullable=False),
    # Bumped first in a refreshing transaction: its write lock (SQLite's
    # RESERVED lock, PostgreSQL's row lock) makes the refreshers take turns.
    sa.Column("lock_seq", sa.Integer, nullable=False, server_default="0"),
    sa.Column("attempt_at", TS, nullable=True),
    sa.Column("lost_at", TS, nullable=True),
    sa.Column("lost_reason", sa.String(300), nullable=True),
    sa.Column("quota_until", TS, nullable=True),
    sa.Column("quota_told_at", TS, nullable=True),
    sa.Column("webhook_ok_at", TS, nullable=True),
    sa.Column("webhook_refused_at", TS, nullable=True),
    sa.Column("webhook_refused_reason", sa.String(300), nullable=True),
)

zalo_oa_contacts = sa.Table(
    "zalo_oa_contacts",
    metadata,
    sa.Column("user_id", sa.String(128), primary_key=True),
    sa.Column("last_inbound_at", TS, nullable=True),
    sa.Column("followed", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("missed_at", TS, nullable=True),
    sa.Column("missed_reason", sa.String(300), nullable=True),
    sa.Column("updated_at", TS, nullable=False),
)
