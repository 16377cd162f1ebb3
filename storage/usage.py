"""channel_usage: a channel's messages per quota period and the warnings
given about it (the rules are in bot/domain/quota.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import channel_usage, identities, officers


@dataclass(frozen=True, slots=True)
class Usage:
    channel: str
    period: str
    sent: int
    warned: int
    users_warned: int
    exceeded_at: dt.datetime | None
    paused_until: dt.datetime | None


def _where(channel: str, period: str) -> sa.ColumnElement[bool]:
    return sa.and_(channel_usage.c.channel == channel, channel_usage.c.period == period)


async def _ensure(conn: AsyncConnection, channel: str, period: str) -> None:
    found = await conn.scalar(sa.select(channel_usage.c.id).where(_where(channel, period)))
    if found is not None:
        return
    try:
        async with conn.begin_nested():
            await conn.execute(channel_usage.insert().values(channel=channel, period=period))
    except IntegrityError:
        return  # another replica made the row first


async def usage(conn: AsyncConnection, channel: str, period: str) -> Usage:
    """The period's row (made when missing)."""
    await _ensure(conn, channel, period)
    return await _read(conn, channel, period)


async def _read(conn: AsyncConnection, channel: str, period: str) -> Usage:
    row = (await conn.execute(sa.select(channel_usage).where(_where(channel, period)))).one()
    return Usage(row.channel, row.period, row.sent, row.warned, row.users_warned, row.exceeded_at,
                 row.paused_until)


async def add_sent(conn: AsyncConnection, channel: str, period: str, count: int = 1) -> Usage:
    """Count ``count`` more messages sent; the row after the change."""
    await _ensure(conn, channel, period)
    await conn.execute(
        channel_usage.update().where(_where(channel, period)).values(sent=channel_usage.c.sent + count)
    )
    return await _read(conn, channel, period)


async def claim_warning(conn: AsyncConnection, channel: str, period: str, level: int, *, users: bool = False) -> bool:
    """Record that admins are told of ``level`` percent; False when that (or a
    higher level) was told already — by this replica or another."""
    column = channel_usage.c.users_warned if users else channel_usage.c.warned
    await _ensure(conn, channel, period)
    done = await conn.execute(
        channel_usage.update().where(_where(channel, period), column < level).values({column.key: level})
    )
    return bool(done.rowcount)


async def claim_exceeded(
    conn: AsyncConnection, channel: str, period: str, *, now: dt.datetime, until: dt.datetime
) -> bool:
    """Pause the channel until ``until``; True only for the first to say the
    quota ran out this period (that one tells the admins)."""
    await _ensure(conn, channel, period)
    await conn.execute(channel_usage.update().where(_where(channel, period)).values(paused_until=until))
    done = await conn.execute(
        channel_usage.update()
        .where(_where(channel, period), channel_usage.c.exceeded_at.is_(None))
        .values(exceeded_at=now)
    )
    return bool(done.rowcount)


async def paused_until(conn: AsyncConnection, channel: str, now: dt.datetime) -> dt.datetime | None:
    """The latest pause of ``channel`` still running at ``now``."""
    until = await conn.scalar(sa.select(sa.func.max(channel_usage.c.paused_until)).where(
        channel_usage.c.channel == channel))
    return until if until is not None and until > now else None


async def linked_users(conn: AsyncConnection, channel: str) -> int:
    """People with a chat identity on ``channel`` whose officer has not left."""
    query = (
        sa.select(sa.func.count(sa.distinct(identities.c.user_id)))
        .select_from(identities.join(officers, officers.c.id == identities.c.officer_id))
        .where(identities.c.channel == channel, officers.c.left_at.is_(None))
    )
    return int(await conn.scalar(query) or 0)


async def is_linked(conn: AsyncConnection, channel: str, user_id: str) -> bool:
    query = (
        sa.select(identities.c.id)
        .select_from(identities.join(officers, officers.c.id == identities.c.officer_id))
        .where(identities.c.channel == channel, identities.c.user_id == user_id, officers.c.left_at.is_(None))
    )
    return await conn.scalar(query) is not None
