"""The admin's web page: one-time sign-in links and the sessions they open
(``storage/web.py``; rules in ``bot/services/web_auth.py``). Only hashes of
the tokens are stored: a copy of the database opens no session."""

from __future__ import annotations

import sqlalchemy as sa

from storage.schema_base import TS, _id, metadata

web_links = sa.Table(
    "web_links",
    metadata,
    _id(),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 hex of the link's token
    sa.Column("channel", sa.String(16), nullable=False),  # the admin identity it signs in
    sa.Column("user_id", sa.String(128), nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("expires_at", TS, nullable=False),
    sa.Column("used_at", TS, nullable=True),  # redeemed: never again
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    _id(),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 hex of the cookie's token
    sa.Column("csrf", sa.String(64), nullable=False),  # the form token of this session
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("user_id", sa.String(128), nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("expires_at", TS, nullable=False),
    sa.Column("ended_at", TS, nullable=True),  # signed out
)
