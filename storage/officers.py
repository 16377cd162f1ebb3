"""Officers, their chat identities, and reachability."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import Identity, Officer
from storage.schema import identities, officers


def _officer(row: Any) -> Officer:
    return Officer(row.id, row.unit_id, row.full_name, row.position, row.phone, row.locale, row.left_at)


def _identity(row: Any) -> Identity:
    return Identity(
        row.id, row.officer_id, row.channel, row.user_id, row.chat_id,
        row.unreachable_at, row.unreachable_reason,
    )


async def create_officer(
    conn: AsyncConnection, *, unit_id: int, full_name: str, position: str, phone: str,
    locale: str, channel: str, user_id: str, chat_id: str, display_name: str | None,
    now: dt.datetime,
) -> Officer:
    result = await conn.execute(
        officers.insert().values(
            unit_id=unit_id, full_name=full_name, position=position, phone=phone,
            locale=locale, created_at=now,
        )
    )
    officer_id = result.inserted_primary_key[0]  # type: ignore[index]
    await add_identity(conn, officer_id, channel, user_id, chat_id, display_name, now=now)
    officer = await get_officer(conn, officer_id)
    assert officer is not None
    return officer


async def add_identity(
    conn: AsyncConnection, officer_id: int, channel: str, user_id: str, chat_id: str,
    display_name: str | None, *, now: dt.datetime,
) -> None:
    """Bind a chat identity to an officer (replacing an old binding of that identity)."""
    await conn.execute(
        identities.delete().where(identities.c.channel == channel, identities.c.user_id == user_id)
    )
    has_any = (
        await conn.execute(sa.select(sa.func.count()).where(identities.c.officer_id == officer_id))
    ).scalar_one()
    await conn.execute(
        identities.insert().values(
            officer_id=officer_id, channel=channel, user_id=user_id, chat_id=chat_id,
            display_name=display_name, is_primary=has_any == 0, created_at=now,
        )
    )


async def get_officer(conn: AsyncConnection, officer_id: int) -> Officer | None:
    row = (await conn.execute(sa.select(officers).where(officers.c.id == officer_id))).first()
    return None if row is None else _officer(row)


async def officer_for(conn: AsyncConnection, channel: str, user_id: str) -> tuple[Officer, Identity] | None:
    """The active officer behind a chat identity, if registered."""
    row = (
        await conn.execute(
            sa.select(identities, officers.c.id.label("oid"))
            .join(officers, officers.c.id == identities.c.officer_id)
            .where(
                identities.c.channel == channel,
                identities.c.user_id == user_id,
                officers.c.left_at.is_(None),
            )
        )
    ).first()
    if row is None:
        return None
    officer = await get_officer(conn, row.oid)
    assert officer is not None
    return officer, _identity(row)


async def officers_of_unit(conn: AsyncConnection, unit_id: int) -> list[Officer]:
    rows = await conn.execute(
        sa.select(officers)
        .where(officers.c.unit_id == unit_id, officers.c.left_at.is_(None))
        .order_by(officers.c.id)
    )
    return [_officer(r) for r in rows]


async def units_with_officers(conn: AsyncConnection) -> set[int]:
    """The units that have at least one officer who has not left."""
    rows = await conn.execute(sa.select(officers.c.unit_id).where(officers.c.left_at.is_(None)).distinct())
    return {r.unit_id for r in rows}


async def identities_of(conn: AsyncConnection, officer_id: int) -> list[Identity]:
    rows = await conn.execute(
        sa.select(identities).where(identities.c.officer_id == officer_id).order_by(identities.c.id)
    )
    return [_identity(r) for r in rows]


async def leave(conn: AsyncConnection, officer_id: int, *, now: dt.datetime) -> None:
    await conn.execute(officers.update().where(officers.c.id == officer_id).values(left_at=now))
    await conn.execute(identities.delete().where(identities.c.officer_id == officer_id))


async def set_locale(conn: AsyncConnection, officer_id: int, locale: str) -> None:
    await conn.execute(officers.update().where(officers.c.id == officer_id).values(locale=locale))


async def mark_unreachable(
    conn: AsyncConnection, channel: str, chat_id: str, reason: str, now: dt.datetime
) -> int:
    """Record that sends to ``chat_id`` fail permanently; returns rows touched."""
    result = await conn.execute(
        identities.update()
        .where(identities.c.channel == channel, identities.c.chat_id == chat_id)
        .values(unreachable_at=now, unreachable_reason=reason[:300])
    )
    return result.rowcount or 0


async def mark_reachable(conn: AsyncConnection, channel: str, user_id: str) -> None:
    """The person wrote to us: they can be reached again."""
    await conn.execute(
        identities.update()
        .where(
            identities.c.channel == channel,
            identities.c.user_id == user_id,
            identities.c.unreachable_at.is_not(None),
        )
        .values(unreachable_at=None, unreachable_reason=None)
    )
