"""The web page's sign-in links and sessions (tables in ``schema_web.py``).
Rows are looked up by the hash of a token, never by the token itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema_web import web_links, web_sessions


@dataclass(frozen=True, slots=True)
class WebSession:
    id: int
    channel: str
    user_id: str
    csrf: str
    expires_at: dt.datetime


async def add_link(conn: AsyncConnection, token_hash: str, channel: str, user_id: str, *, now: dt.datetime,
                   expires_at: dt.datetime) -> None:
    await conn.execute(web_links.insert().values(
        token_hash=token_hash, channel=channel, user_id=user_id, created_at=now, expires_at=expires_at))


async def redeem_link(conn: AsyncConnection, token_hash: str, *, now: dt.datetime) -> tuple[str, str] | None:
    """Marks the link used, once: the identity it signs in, or ``None`` when
    there is no such link, it was used, or it expired. One conditional
    UPDATE, so two requests with the same link cannot both win."""
    result = await conn.execute(
        web_links.update()
        .where(web_links.c.token_hash == token_hash, web_links.c.used_at.is_(None), web_links.c.expires_at > now)
        .values(used_at=now)
    )
    if result.rowcount != 1:
        return None
    row = (await conn.execute(sa.select(web_links.c.channel, web_links.c.user_id)
                              .where(web_links.c.token_hash == token_hash))).one()
    return row.channel, row.user_id


async def add_session(conn: AsyncConnection, token_hash: str, csrf: str, channel: str, user_id: str, *,
                      now: dt.datetime, expires_at: dt.datetime) -> None:
    await conn.execute(web_sessions.insert().values(
        token_hash=token_hash, csrf=csrf, channel=channel, user_id=user_id, created_at=now, expires_at=expires_at))


async def live_session(conn: AsyncConnection, token_hash: str, *, now: dt.datetime) -> WebSession | None:
    """The session of that cookie while it has neither expired nor ended."""
    row = (await conn.execute(
        sa.select(web_sessions).where(web_sessions.c.token_hash == token_hash, web_sessions.c.ended_at.is_(None),
                                      web_sessions.c.expires_at > now)
    )).first()
    if row is None:
        return None
    return WebSession(row.id, row.channel, row.user_id, row.csrf, row.expires_at)


async def end_session(conn: AsyncConnection, token_hash: str, *, now: dt.datetime) -> bool:
    result = await conn.execute(web_sessions.update().where(
        web_sessions.c.token_hash == token_hash, web_sessions.c.ended_at.is_(None)).values(ended_at=now))
    return result.rowcount == 1


async def forget_expired(conn: AsyncConnection, before: dt.datetime) -> int:
    """Delete links and sessions that expired (or sessions that ended) before
    ``before``: they can no longer sign anyone in. Rows removed."""
    links = await conn.execute(web_links.delete().where(web_links.c.expires_at < before))
    sessions = await conn.execute(web_sessions.delete().where(
        sa.or_(web_sessions.c.expires_at < before, web_sessions.c.ended_at < before)))
    return (links.rowcount or 0) + (sessions.rowcount or 0)
