"""Admins: a chat identity (channel, user id) scoped to a subtree of units.

One person may hold several scopes (one row each). Permission checks live in
the handlers; this module only stores and reads the rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import Admin
from storage.schema import admins, audit_log, units


def _admin(row: Any) -> Admin:
    return Admin(
        row.id, row.channel, row.user_id, row.unit_id, row.code, row.unit_name, row.name,
        row.created_at, row.created_by,
    )


def _select() -> sa.Select[Any]:
    return sa.select(admins, units.c.code, units.c.name.label("unit_name")).join(
        units, units.c.id == admins.c.unit_id
    )


async def add_admin(
    conn: AsyncConnection, channel: str, user_id: str, unit_id: int, *, now: dt.datetime,
    name: str | None = None, created_by: str | None = None,
) -> bool:
    """Grant the scope; ``False`` when that exact grant already exists."""
    exists = (
        await conn.execute(
            sa.select(admins.c.id).where(
                admins.c.channel == channel, admins.c.user_id == user_id, admins.c.unit_id == unit_id
            )
        )
    ).first()
    if exists is not None:
        return False
    await conn.execute(
        admins.insert().values(
            channel=channel, user_id=user_id, unit_id=unit_id, name=name, created_at=now,
            created_by=created_by,
        )
    )
    return True


async def remove_admin(conn: AsyncConnection, channel: str, user_id: str, unit_id: int | None = None) -> int:
    """Revoke one scope (``unit_id``) or every scope of the identity; rows removed."""
    q = admins.delete().where(admins.c.channel == channel, admins.c.user_id == user_id)
    if unit_id is not None:
        q = q.where(admins.c.unit_id == unit_id)
    result = await conn.execute(q)
    return result.rowcount or 0


async def list_admins(conn: AsyncConnection) -> list[Admin]:
    rows = await conn.execute(_select().order_by(units.c.code, admins.c.channel, admins.c.user_id))
    return [_admin(r) for r in rows]


async def scopes_of(conn: AsyncConnection, channel: str, user_id: str) -> list[Admin]:
    """Every scope the identity holds (empty: not an admin). The rows are
    share-locked on PostgreSQL until the transaction ends, so whatever the
    caller then does under this authority commits before a concurrent
    revocation can (SQLite serialises writers anyway; it renders no lock)."""
    rows = await conn.execute(
        _select().where(admins.c.channel == channel, admins.c.user_id == user_id).order_by(admins.c.id)
        .with_for_update(read=True, of=admins)
    )
    return [_admin(r) for r in rows]


async def last_action_at(conn: AsyncConnection, actor: str, action: str) -> dt.datetime | None:
    """When ``actor`` last did ``action`` (from the audit log), e.g. for rate limits."""
    row = (
        await conn.execute(
            sa.select(sa.func.max(audit_log.c.at)).where(audit_log.c.actor == actor, audit_log.c.action == action)
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    return row if row.tzinfo else row.replace(tzinfo=dt.UTC)
