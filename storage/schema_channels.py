"""Tables of the channels' own bookkeeping: reminder deliveries, quota usage
(re-exported by ``storage/schema.py``, so importing it loads every table)."""

from __future__ import annotations

import sqlalchemy as sa

from storage.schema_base import TS, _id, metadata

# Every delivery attempt of a reminder (a repeat after a crash shows up here).
deliveries = sa.Table(
    "deliveries",
    metadata,
    _id(),
    sa.Column("reminder_id", sa.Integer, sa.ForeignKey("reminders.id"), nullable=True, index=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.String(128), nullable=False),
    sa.Column("at", TS, nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),  # sent | transient | permanent
    sa.Column("message_id", sa.String(128), nullable=True),
    sa.Column("error", sa.String(500), nullable=True),
    sa.Column("worker", sa.String(64), nullable=True),
)


# What a channel with a quota (the Zalo Bot Platform) sent in each quota
# period, and what admins were told of it (bot/domain/quota.py).
channel_usage = sa.Table(
    "channel_usage",
    metadata,
    _id(),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("period", sa.String(10), nullable=False),  # the period's first day, ISO
    sa.Column("sent", sa.Integer, nullable=False, server_default="0"),
    sa.Column("warned", sa.Integer, nullable=False, server_default="0"),  # percent level told
    sa.Column("users_warned", sa.Integer, nullable=False, server_default="0"),
    sa.Column("exceeded_at", TS, nullable=True),  # the platform said the quota is spent
    sa.Column("paused_until", TS, nullable=True),
    sa.UniqueConstraint("channel", "period", name="uq_channel_usage_channel_period"),
)


# Evidence files (photos, documents) from every channel: the bytes live under
# DVBOT_EVIDENCE_DIR named by their SHA-256; this is what is known of them.
evidence_files = sa.Table(
    "evidence_files",
    metadata,
    _id(),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("mime", sa.String(100), nullable=False),
    sa.Column("name", sa.String(255), nullable=True),  # as sent (first sender's name)
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("sent_by", sa.String(200), nullable=False),  # channel:user id
    sa.Column("created_at", TS, nullable=False),
)
