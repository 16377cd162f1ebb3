"""The reply outbox: every reply an update produced, written in the update's
own transaction, delivered from here and marked after the send
(``storage/replies.py``; rules in ``bot/domain/replies.py``)."""

from __future__ import annotations

import sqlalchemy as sa

from storage.schema_base import TS, _id, metadata

replies = sa.Table(
    "replies",
    metadata,
    _id(),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.String(128), nullable=False),
    sa.Column("update_key", sa.String(128), nullable=True),  # the update that produced it
    sa.Column("body", sa.JSON, nullable=False),  # the Outgoing (bot/services/replies.py)
    sa.Column("answer_key", sa.Text, nullable=True),  # the answer the update stored (resend recognition)
    # claimed | pending | sent | failed | held | superseded
    sa.Column("status", sa.String(16), nullable=False, server_default="claimed"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    # sends made again after a crash in the send-then-mark window (the first may have arrived)
    sa.Column("repeats", sa.Integer, nullable=False, server_default="0"),
    sa.Column("redelivered", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("claimed_by", sa.String(64), nullable=True),
    sa.Column("lease_until", TS, nullable=True),
    sa.Column("sending_at", TS, nullable=True),  # written right before a send, cleared by its outcome
    sa.Column("next_attempt_at", TS, nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("sent_at", TS, nullable=True),
    sa.Column("error", sa.String(500), nullable=True),
    sa.Index("ix_replies_chat", "channel", "chat_id", "id"),
    sa.Index("ix_replies_status", "status", "next_attempt_at"),
)
