"""Every table, in SQLAlchemy Core. Dialect-neutral: SQLite and PostgreSQL.

Times are timezone-aware UTC; JSON is ``sa.JSON`` (TEXT on SQLite). Alembic (``storage/migrations``) evolves them.
"""

from __future__ import annotations

import sqlalchemy as sa

from storage.schema_base import TS as TS
from storage.schema_base import _id
from storage.schema_base import metadata as metadata
from storage.schema_channels import channel_usage as channel_usage
from storage.schema_channels import deliveries as deliveries
from storage.schema_channels import evidence_files as evidence_files

units = sa.Table(
    "units",
    metadata,
    _id(),
    sa.Column("code", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True, index=True),
    sa.Column("level", sa.String(32), nullable=False, server_default="don-vi"),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("retired_at", TS, nullable=True),
    # What kind of body it is ("thanh-tra"), for the sections a plan asks only of it.
    sa.Column("type", sa.String(64), nullable=True),
)

officers = sa.Table(
    "officers",
    metadata,
    _id(),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("position", sa.String(200), nullable=False),
    sa.Column("phone", sa.String(20), nullable=False),
    sa.Column("locale", sa.String(5), nullable=False, server_default="vi"),
    sa.Column("is_primary", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("left_at", TS, nullable=True),
)

# One row per chat identity (a Zalo user, a Telegram user, a console user).
identities = sa.Table(
    "identities",
    metadata,
    _id(),
    sa.Column("officer_id", sa.Integer, sa.ForeignKey("officers.id"), nullable=False, index=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("user_id", sa.String(128), nullable=False),
    sa.Column("chat_id", sa.String(128), nullable=False),
    sa.Column("display_name", sa.String(200), nullable=True),
    sa.Column("is_primary", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", TS, nullable=False),
    # Set when a send fails permanently (blocked, chat gone); cleared on the next message.
    sa.Column("unreachable_at", TS, nullable=True),
    sa.Column("unreachable_reason", sa.String(300), nullable=True),
    sa.UniqueConstraint("channel", "user_id", name="uq_identities_channel_user"),
    # the dispatcher asks whether a chat is unreachable (every identity behind it)
    sa.Index("ix_identities_channel_chat", "channel", "chat_id"),
)

plans = sa.Table(
    "plans",
    metadata,
    _id(),
    sa.Column("code", sa.String(64), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("title", sa.String(500), nullable=False),
    sa.Column("definition", sa.JSON, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("source", sa.String(500), nullable=True),
    sa.Column("loaded_at", TS, nullable=False),
    sa.Column("loaded_by", sa.String(200), nullable=True),
    sa.UniqueConstraint("code", "version", name="uq_plans_code_version"),
)

submissions = sa.Table(
    "submissions",
    metadata,
    _id(),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
    sa.Column("plan_code", sa.String(64), nullable=False),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False),
    sa.Column("round_id", sa.String(64), nullable=False),
    # not_started is implicit (no row); draft | submitted | returned | accepted
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Column("submitted_at", TS, nullable=True),
    sa.Column("submitted_by", sa.Integer, sa.ForeignKey("officers.id"), nullable=True),
    sa.Column("accepted_at", TS, nullable=True),
    sa.Column("returned_at", TS, nullable=True),
    sa.Column("review_comment", sa.Text, nullable=True),
    sa.Column("reviewed_by", sa.String(200), nullable=True),
    sa.Column("submit_count", sa.Integer, nullable=False, server_default="0"),  # the receipt's (bot.domain.receipts)
    sa.Column("return_questions", sa.JSON, nullable=True),  # question ids a return concerns, as named
    sa.Column("answers_read_at", TS, nullable=True),  # an admin last opened the answers (/xemdonvi)
    sa.Column("answers_read_by", sa.String(200), nullable=True),
    sa.UniqueConstraint("unit_id", "plan_code", "round_id", name="uq_submissions_unit_round"),
    sa.Index("ix_submissions_round", "plan_code", "round_id", "status"),
)

answers = sa.Table(
    "answers",
    metadata,
    _id(),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
    sa.Column("question_id", sa.String(64), nullable=False),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False),
    sa.Column("answered_by", sa.Integer, sa.ForeignKey("officers.id"), nullable=True),
    sa.Column("answered_at", TS, nullable=False),
    sa.UniqueConstraint("submission_id", "question_id", name="uq_answers_submission_question"),
)

# Every change of an answer: who, when, the old and the new value.
answer_revisions = sa.Table(
    "answer_revisions",
    metadata,
    _id(),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, index=True),
    sa.Column("question_id", sa.String(64), nullable=False),
    sa.Column("old_value", sa.JSON, nullable=True),
    sa.Column("new_value", sa.JSON, nullable=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False),
    sa.Column("changed_by", sa.Integer, sa.ForeignKey("officers.id"), nullable=True),
    sa.Column("changed_at", TS, nullable=False),
)

# Points the appraising level gives, per criterion (scoring rounds).
appraisals = sa.Table(
    "appraisals",
    metadata,
    _id(),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
    sa.Column("criterion_key", sa.String(130), nullable=False),  # "<group>.<criterion>"
    sa.Column("points", sa.Float, nullable=False),
    sa.Column("comment", sa.Text, nullable=True),
    sa.Column("appraised_by", sa.String(200), nullable=False),
    sa.Column("appraised_at", TS, nullable=False),
    sa.UniqueConstraint("submission_id", "criterion_key", name="uq_appraisals_submission_criterion"),
)

invites = sa.Table(
    "invites",
    metadata,
    _id(),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("expires_at", TS, nullable=False),
    sa.Column("max_uses", sa.Integer, nullable=False, server_default="1"),
    sa.Column("uses", sa.Integer, nullable=False, server_default="0"),
    sa.Column("revoked_at", TS, nullable=True),
)

# One-time codes that link a second channel identity to an existing officer.
link_codes = sa.Table(
    "link_codes",
    metadata,
    _id(),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("officer_id", sa.Integer, sa.ForeignKey("officers.id"), nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("expires_at", TS, nullable=False),
    sa.Column("used_at", TS, nullable=True),
)

# Wrong-code attempts per chat, to slow down guessing.
code_attempts = sa.Table(
    "code_attempts",
    metadata,
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("user_id", sa.String(128), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_failure_at", TS, nullable=True),
    sa.Column("blocked_until", TS, nullable=True),
)

# The conversation state of one chat identity; any replica can serve the next update.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("user_id", sa.String(128), primary_key=True),
    sa.Column("chat_id", sa.String(128), nullable=False),
    sa.Column("flow", sa.String(32), nullable=True),
    sa.Column("state", sa.JSON, nullable=True),
    sa.Column("locale", sa.String(5), nullable=True),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", TS, nullable=False),
)

# Updates already handled (Zalo message_id, Telegram update_id): a replay is answered once.
processed_updates = sa.Table(
    "processed_updates",
    metadata,
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("update_key", sa.String(128), primary_key=True),
    sa.Column("processed_at", TS, nullable=False, index=True),
)

admins = sa.Table(
    "admins",
    metadata,
    _id(),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("user_id", sa.String(128), nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=True),
    sa.UniqueConstraint("channel", "user_id", "unit_id", name="uq_admins_channel_user_unit"),
)

# A group chat (Telegram) bound to a unit: reminders and /status go there.
group_bindings = sa.Table(
    "group_bindings",
    metadata,
    _id(),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.String(128), nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
    sa.Column("title", sa.String(300), nullable=True),
    sa.Column("bound_by", sa.String(200), nullable=True),
    sa.Column("bound_at", TS, nullable=False),
    sa.Column("unbound_at", TS, nullable=True),
    sa.UniqueConstraint("channel", "chat_id", name="uq_group_bindings_channel_chat"),
)

# The durable reminder outbox: rows computed ahead, claimed with a lease, sent once.
reminders = sa.Table(
    "reminders",
    metadata,
    _id(),
    sa.Column("dedupe_key", sa.String(300), nullable=False, unique=True),
    sa.Column("due_at", TS, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # before | due_today | overdue | escalation | digest | group | manual
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
    sa.Column("plan_code", sa.String(64), nullable=False),
    sa.Column("round_id", sa.String(64), nullable=False),
    sa.Column("recipient_kind", sa.String(16), nullable=False),  # officer | admin | group
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.String(128), nullable=False),
    sa.Column("officer_id", sa.Integer, sa.ForeignKey("officers.id"), nullable=True),
    sa.Column("payload", sa.JSON, nullable=True),
    # pending | claimed | sent | failed | cancelled
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", TS, nullable=True),
    sa.Column("claimed_by", sa.String(64), nullable=True),
    sa.Column("lease_until", TS, nullable=True),
    sa.Column("sent_at", TS, nullable=True),
    sa.Column("message_id", sa.String(128), nullable=True),
    sa.Column("error", sa.String(500), nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Index("ix_reminders_due", "status", "due_at"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    _id(),
    sa.Column("at", TS, nullable=False, index=True),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(64), nullable=True),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
)

# The reply outbox and the Zalo OA's tables are defined on the same metadata in their own modules.
from storage import schema_zalo_oa as _zalo_oa  # noqa: E402,F401
from storage.schema_replies import replies as replies  # noqa: E402
from storage.schema_web import web_links as web_links  # noqa: E402
from storage.schema_web import web_sessions as web_sessions  # noqa: E402
