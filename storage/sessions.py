"""Conversation sessions (one per chat identity) and processed-update keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import StaleState
from bot.domain.entities import Session
from storage.schema import processed_updates, sessions


async def load_session(conn: AsyncConnection, channel: str, user_id: str) -> Session:
    row = (
        await conn.execute(
            sa.select(sessions.c.flow, sessions.c.state, sessions.c.locale, sessions.c.version).where(
                sessions.c.channel == channel, sessions.c.user_id == user_id
            )
        )
    ).first()
    if row is None:
        return Session(None, {}, None)
    return Session(row.flow, dict(row.state or {}), row.locale, row.version)


async def save_session(
    conn: AsyncConnection, channel: str, user_id: str, chat_id: str, *, flow: str | None,
    state: dict[str, Any] | None, locale: str | None, now: dt.datetime, expected_version: int | None = None,
) -> None:
    """Store the session. With ``expected_version`` (the version that was
    loaded) the write only succeeds if nobody saved it since: another replica
    handling the same person's other message raises :class:`~bot.core.errors.StaleState`."""
    values = {"chat_id": chat_id, "flow": flow, "state": state or {}, "locale": locale, "updated_at": now}
    where = [sessions.c.channel == channel, sessions.c.user_id == user_id]
    if expected_version:
        where.append(sessions.c.version == expected_version)
    result = await conn.execute(sessions.update().where(*where).values(version=sessions.c.version + 1, **values))
    if (result.rowcount or 0) == 1:
        return
    if expected_version:
        raise StaleState(f"session {channel}:{user_id} changed since version {expected_version}")
    try:
        async with conn.begin_nested():
            await conn.execute(sessions.insert().values(channel=channel, user_id=user_id, version=1, **values))
    except IntegrityError as exc:
        if expected_version is not None:  # created meanwhile by another replica
            raise StaleState(f"session {channel}:{user_id} created concurrently") from exc
        raise


async def claim_update(conn: AsyncConnection, channel: str, key: str, now: dt.datetime) -> bool:
    """True the first time ``key`` is seen on ``channel``; False for a replay."""
    exists = (
        await conn.execute(
            sa.select(processed_updates.c.update_key).where(
                processed_updates.c.channel == channel, processed_updates.c.update_key == key
            )
        )
    ).first()
    if exists:
        return False
    try:
        async with conn.begin_nested():
            await conn.execute(processed_updates.insert().values(channel=channel, update_key=key, processed_at=now))
    except IntegrityError:
        return False
    return True


async def forget_updates_before(conn: AsyncConnection, before: dt.datetime) -> int:
    result = await conn.execute(processed_updates.delete().where(processed_updates.c.processed_at < before))
    return result.rowcount or 0


async def set_locale(conn: AsyncConnection, channel: str, user_id: str, locale: str, now: dt.datetime) -> None:
    """Set the language of an identity's session (the chat's, which the web
    page shares), creating the session of a private chat (chat id = user id)
    if it has none; the version moves on, so a chat update racing with it is
    handled again with the new language."""
    where = [sessions.c.channel == channel, sessions.c.user_id == user_id]
    result = await conn.execute(sessions.update().where(*where).values(
        locale=locale, updated_at=now, version=sessions.c.version + 1))
    if (result.rowcount or 0) == 0:
        await conn.execute(sessions.insert().values(channel=channel, user_id=user_id, chat_id=user_id, flow=None,
                                                    state={}, locale=locale, updated_at=now, version=1))
