"""The reply outbox (table ``replies``): written in the update's transaction,
claimed by whoever sends (the adapter right after the commit, the next update
of the same chat, or the redeliverer after a failure or a crash), marked
right before the send (``sending_at``) and after it.

A row whose ``sending_at`` is still set when it is sent again was being sent
when its sender died: that send may have arrived, so the new one is counted
in ``repeats`` (the send-then-mark window, the only place a reply can be
repeated)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.replies import UNDELIVERED, Status, StoredReply
from storage import leases
from storage.schema_replies import replies

c = replies.c


def _row(r: Any) -> StoredReply:
    return StoredReply(
        r.id, r.channel, r.chat_id, dict(r.body or {}), r.status, r.attempts, r.answer_key,
        bool(r.redelivered), r.sent_at, r.repeats,
    )


async def insert(
    conn: AsyncConnection, channel: str, chat_id: str, bodies: Sequence[dict[str, Any]], *,
    update_key: str | None, answer_key: str | None, token: str, lease_until: dt.datetime, now: dt.datetime,
) -> list[int]:
    """Store an update's replies, claimed by ``token`` (its sender); their ids in order."""
    ids: list[int] = []
    for body in bodies:
        result = await conn.execute(replies.insert().values(
            channel=channel, chat_id=chat_id, update_key=update_key, body=body, answer_key=answer_key,
            status=Status.CLAIMED, claimed_by=token, lease_until=lease_until, created_at=now,
        ))
        ids.append(int(result.inserted_primary_key[0]))  # type: ignore[index]
    return ids


async def newest(conn: AsyncConnection, channel: str, chat_id: str) -> StoredReply | None:
    row = (await conn.execute(
        sa.select(replies).where(c.channel == channel, c.chat_id == chat_id).order_by(c.id.desc()).limit(1)
    )).first()
    return _row(row) if row is not None else None


async def take_chat(
    conn: AsyncConnection, channel: str, chat_id: str, *, token: str, lease_until: dt.datetime,
) -> list[StoredReply]:
    """Claim every undelivered reply of the chat, whoever held it (the chat
    just wrote: its earlier replies go first, now); in order."""
    mine = sa.and_(c.channel == channel, c.chat_id == chat_id, c.status.in_(UNDELIVERED))
    await conn.execute(replies.update().where(mine).values(
        status=Status.CLAIMED, claimed_by=token, lease_until=lease_until, redelivered=True,
    ))
    return await held(conn, token)


def _due(now: dt.datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(c.status == Status.PENDING, sa.or_(c.next_attempt_at.is_(None), c.next_attempt_at <= now)),
        sa.and_(c.status == Status.CLAIMED, c.lease_until < now),  # its sender died
    )


async def due_chats(
    conn: AsyncConnection, now: dt.datetime, channels: Sequence[str], limit: int,
) -> list[tuple[str, str]]:
    """Chats with a reply to send again now (a retry is due, or a sender died)."""
    rows = await conn.execute(
        sa.select(c.channel, c.chat_id).where(_due(now), c.channel.in_(list(channels)))
        .group_by(c.channel, c.chat_id).order_by(sa.func.min(c.id)).limit(limit)
    )
    return [(r.channel, r.chat_id) for r in rows]


async def claim_chat(
    conn: AsyncConnection, channel: str, chat_id: str, *, token: str, now: dt.datetime,
    lease_until: dt.datetime, limit: int = 50,
) -> list[StoredReply]:
    """Claim the chat's replies that are due again (a live sender's are left
    alone); in order."""
    cond = sa.and_(c.channel == channel, c.chat_id == chat_id, _due(now))
    values = {"status": Status.CLAIMED, "claimed_by": token, "lease_until": lease_until, "redelivered": True}
    await leases.claim(conn, replies, cond, (c.id,), limit, values)
    return await held(conn, token)


async def held(conn: AsyncConnection, token: str) -> list[StoredReply]:
    rows = await conn.execute(
        sa.select(replies).where(c.claimed_by == token, c.status == Status.CLAIMED).order_by(c.id)
    )
    return [_row(r) for r in rows]


async def start_sending(conn: AsyncConnection, ids: Sequence[int], *, token: str, now: dt.datetime) -> int:
    """Mark ``ids`` as being sent, right before the send. A row already marked
    was being sent when its sender died: counted as a repeat; returns how
    many of them this send repeats."""
    if not ids:
        return 0
    mine = sa.and_(c.id.in_(list(ids)), c.claimed_by == token, c.status == Status.CLAIMED)
    repeated = len((await conn.execute(sa.select(c.id).where(mine, c.sending_at.is_not(None)))).all())
    await conn.execute(replies.update().where(mine).values(
        repeats=c.repeats + sa.case((c.sending_at.is_not(None), 1), else_=0),
        attempts=c.attempts + 1, sending_at=now,
    ))
    return repeated


async def mark_sent(conn: AsyncConnection, ids: Sequence[int], now: dt.datetime) -> None:
    # Not conditional on the claim: a row sent is sent, whoever took it over meanwhile.
    if not ids:
        return
    await conn.execute(replies.update().where(c.id.in_(list(ids)), c.status.in_(UNDELIVERED)).values(
        status=Status.SENT, sent_at=now, sending_at=None, claimed_by=None, lease_until=None, error=None,
    ))


async def mark_retry(
    conn: AsyncConnection, ids: Sequence[int], *, token: str, next_attempt_at: dt.datetime, error: str,
) -> None:
    if not ids:
        return
    await conn.execute(replies.update().where(
        c.id.in_(list(ids)), c.claimed_by == token, c.status == Status.CLAIMED,
    ).values(status=Status.PENDING, next_attempt_at=next_attempt_at, sending_at=None, claimed_by=None,
             lease_until=None, error=error[:500]))


async def mark_ended(conn: AsyncConnection, ids: Sequence[int], *, status: str, error: str | None) -> None:
    """``failed`` (refused), ``held`` (sent only when the chat writes again) or
    ``superseded`` (not to be sent). No statement for no rows (a settle's usual case)."""
    if not ids:
        return
    await conn.execute(replies.update().where(c.id.in_(list(ids)), c.status.in_(UNDELIVERED)).values(
        status=status, sending_at=None, claimed_by=None, lease_until=None,
        error=None if error is None else error[:500],
    ))


async def of_chat(conn: AsyncConnection, channel: str, chat_id: str) -> list[StoredReply]:
    rows = await conn.execute(sa.select(replies).where(c.channel == channel, c.chat_id == chat_id).order_by(c.id))
    return [_row(r) for r in rows]


async def forget_before(conn: AsyncConnection, before: dt.datetime) -> int:
    """Drop replies older than ``before`` that are delivered, refused or held
    (a chat silent that long gets no stale reply): they echo answers."""
    done = (Status.SENT, Status.FAILED, Status.SUPERSEDED, Status.HELD)
    result = await conn.execute(replies.delete().where(c.created_at < before, c.status.in_(done)))
    return result.rowcount or 0
