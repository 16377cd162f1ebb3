"""The reminder outbox and the queries that plan it.

Rows are inserted ahead of time with a unique ``dedupe_key`` (insert-if-absent),
claimed by a dispatcher with a lease, and marked sent / failed / cancelled.
Every send attempt is a ``deliveries`` row written right *before* the send
(``outcome='sending'``) and completed after it, so a crash between the send
and the mark leaves a visible trace of the possibly repeated message. A live
dispatcher renews its lease (``renew_lease``) while it works; a dead one's
rows are claimable again once the lease lapses.

Claiming is one conditional UPDATE (``status='pending'`` and due, or a lapsed
lease) tagged with a per-claim token (``storage/leases.py``, shared with the
reply outbox).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

# Planning queries live in storage.reminder_targets; re-exported for callers.
from bot.domain.entities import ReminderRow
from storage import leases
from storage.reminder_targets import (
    AdminTarget,
    GroupTarget,
    OfficerTarget,
    admin_targets,
    chat_unreachable,
    group_targets,
    officer_targets,
    recent_manual_units,
    round_statuses,
    unreachable_chats,
)
from storage.schema import deliveries, reminders

__all__ = [
    "AdminTarget", "GroupTarget", "OfficerTarget", "ReminderRow", "admin_targets",
    "chat_unreachable", "group_targets", "officer_targets", "recent_manual_units", "round_statuses",
    "unreachable_chats",
]

CHUNK = 500
INSERT_SLICE = 2000  # rows per INSERT … ON CONFLICT execution (insert_absent)
UNIT_KINDS = ("before", "due_today", "overdue", "escalation", "manual")



def _row(r: Any) -> ReminderRow:
    return ReminderRow(
        r.id, r.dedupe_key, r.due_at, r.kind, r.unit_id, r.plan_code, r.round_id,
        r.recipient_kind, r.channel, r.chat_id, r.officer_id, dict(r.payload or {}), r.status,
        r.attempts, r.claimed_by, r.error,
    )


def _insert_ignoring_conflicts(conn: AsyncConnection) -> Any:
    """``INSERT … ON CONFLICT (dedupe_key) DO NOTHING`` in the connection's
    dialect (SQLite and PostgreSQL both have it)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(reminders).on_conflict_do_nothing(index_elements=["dedupe_key"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(reminders).on_conflict_do_nothing(index_elements=["dedupe_key"])


async def insert_absent(conn: AsyncConnection, rows: Sequence[dict[str, Any]], now: dt.datetime) -> int:
    """Insert the rows whose ``dedupe_key`` is not stored yet; returns how many
    were new. No pre-check: one INSERT … ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, executed for all the rows at once (SQLAlchemy sends them in
    multi-row batches), so the unique index filters them, a concurrent
    planner cannot make it fail, and the ids returned are the rows added."""
    fresh: dict[str, dict[str, Any]] = {}
    for r in rows:  # a key twice in one call: the first wins, as a stored one would
        fresh.setdefault(r["dedupe_key"], {"status": "pending", "attempts": 0, "created_at": now, **r})
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for value in fresh.values():  # rows of one execution have the same columns
        by_columns.setdefault(tuple(sorted(value)), []).append(value)
    stmt = _insert_ignoring_conflicts(conn).returning(reminders.c.id)
    added = 0
    for values in by_columns.values():  # in slices: the driver's parameters for all at once are large
        for i in range(0, len(values), INSERT_SLICE):
            added += len((await conn.execute(stmt, values[i : i + INSERT_SLICE])).all())
    return added


# ---- the outbox --------------------------------------------------------------------------


def _due(now: dt.datetime) -> sa.ColumnElement[bool]:
    c = reminders.c
    return sa.or_(
        sa.and_(
            c.status == "pending", c.due_at <= now,
            sa.or_(c.next_attempt_at.is_(None), c.next_attempt_at <= now),
        ),
        sa.and_(c.status == "claimed", c.lease_until < now),  # its dispatcher died
    )


async def claim_due(
    conn: AsyncConnection, *, token: str, now: dt.datetime, lease_until: dt.datetime,
    channels: Sequence[str], limit: int,
) -> list[ReminderRow]:
    """Claim up to ``limit`` due rows for ``channels`` under ``token``."""
    c = reminders.c
    cond = sa.and_(_due(now), c.channel.in_(list(channels)))
    values = {
        "status": "claimed", "claimed_by": token, "lease_until": lease_until,
        "attempts": c.attempts + 1,
    }
    await leases.claim(conn, reminders, cond, (c.due_at, c.id), limit, values)
    rows = await conn.execute(sa.select(reminders).where(c.claimed_by == token, c.status == "claimed").order_by(c.due_at, c.id))
    return [_row(r) for r in rows]


async def renew_lease(conn: AsyncConnection, *, token: str, lease_until: dt.datetime) -> int:
    """Extend the lease of every row still claimed under ``token`` (the
    dispatcher's heartbeat); returns how many it still holds."""
    c = reminders.c
    result = await conn.execute(
        reminders.update().where(c.claimed_by == token, c.status == "claimed").values(lease_until=lease_until)
    )
    return result.rowcount or 0


async def start_attempt(
    conn: AsyncConnection, row: ReminderRow, *, token: str, now: dt.datetime,
    lease_until: dt.datetime, worker: str,
) -> int | None:
    """Renew our lease and log the attempt (``outcome='sending'``), right before
    the send; ``None`` if the row is no longer ours (another dispatcher took it
    over after our lease lapsed, or it was cancelled)."""
    c = reminders.c
    result = await conn.execute(
        reminders.update()
        .where(c.id == row.id, c.claimed_by == token, c.status == "claimed")
        .values(lease_until=lease_until)
    )
    if (result.rowcount or 0) != 1:
        return None
    inserted = await conn.execute(
        deliveries.insert().values(
            reminder_id=row.id, channel=row.channel, chat_id=row.chat_id, at=now,
            outcome="sending", worker=worker,
        )
    )
    return int(inserted.inserted_primary_key[0])  # type: ignore[index]


async def _finish_delivery(
    conn: AsyncConnection, delivery_id: int | None, outcome: str, *, message_id: str | None = None,
    error: str | None = None,
) -> None:
    if delivery_id is not None:
        await conn.execute(
            deliveries.update().where(deliveries.c.id == delivery_id).values(
                outcome=outcome, message_id=message_id, error=None if error is None else error[:500],
            )
        )


async def mark_sent(
    conn: AsyncConnection, reminder_id: int, delivery_id: int | None, message_id: str, now: dt.datetime
) -> None:
    # Not conditional on our token: if another dispatcher took the row over
    # meanwhile, marking it sent stops that one before it sends a second time.
    await _finish_delivery(conn, delivery_id, "sent", message_id=message_id)
    await conn.execute(
        reminders.update()
        .where(reminders.c.id == reminder_id, reminders.c.status.in_(("claimed", "pending")))
        .values(status="sent", sent_at=now, message_id=message_id, lease_until=None, error=None)
    )


async def mark_retry(
    conn: AsyncConnection, reminder_id: int, delivery_id: int | None, *, token: str, error: str,
    next_attempt_at: dt.datetime, outcome: str = "transient",
) -> None:
    await _finish_delivery(conn, delivery_id, outcome, error=error)
    await conn.execute(
        reminders.update()
        .where(reminders.c.id == reminder_id, reminders.c.claimed_by == token, reminders.c.status == "claimed")
        .values(status="pending", next_attempt_at=next_attempt_at, claimed_by=None, lease_until=None,
                error=error[:500])
    )


async def mark_failed(
    conn: AsyncConnection, reminder_id: int, delivery_id: int | None, *, error: str,
    outcome: str = "permanent",
) -> None:
    await _finish_delivery(conn, delivery_id, outcome, error=error)
    await conn.execute(
        reminders.update()
        .where(reminders.c.id == reminder_id, reminders.c.status.in_(("claimed", "pending")))
        .values(status="failed", lease_until=None, error=error[:500])
    )


async def mark_cancelled(conn: AsyncConnection, reminder_id: int, reason: str) -> None:
    await conn.execute(
        reminders.update()
        .where(reminders.c.id == reminder_id, reminders.c.status.in_(("claimed", "pending")))
        .values(status="cancelled", lease_until=None, error=reason[:500])
    )


async def cancel_for_submission(conn: AsyncConnection, unit_id: int, plan_code: str, round_id: str) -> int:
    """A unit submitted the round: its pending reminders stop at once. (Claimed
    ones are re-checked by the dispatcher just before sending.)"""
    c = reminders.c
    result = await conn.execute(
        reminders.update()
        .where(
            c.unit_id == unit_id, c.plan_code == plan_code, c.round_id == round_id,
            c.status == "pending", c.kind.in_(UNIT_KINDS),
        )
        .values(status="cancelled", error="submitted")
    )
    return result.rowcount or 0


async def list_reminders(conn: AsyncConnection, *, status: str | None = None) -> list[ReminderRow]:
    q = sa.select(reminders).order_by(reminders.c.due_at, reminders.c.id)
    if status is not None:
        q = q.where(reminders.c.status == status)
    return [_row(r) for r in await conn.execute(q)]


async def deliveries_of(conn: AsyncConnection, reminder_id: int | None = None) -> list[dict[str, Any]]:
    q = sa.select(deliveries).order_by(deliveries.c.id)
    if reminder_id is not None:
        q = q.where(deliveries.c.reminder_id == reminder_id)
    return [dict(r._mapping) for r in await conn.execute(q)]

