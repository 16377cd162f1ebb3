"""The reminder outbox and the queries that plan it.

Rows are inserted ahead of time with a unique ``dedupe_key`` (insert-if-absent),
claimed by a dispatcher with a lease, and marked sent / failed / cancelled.
Every send attempt is a ``deliveries`` row written *before* the send
(``outcome='sending'``) and completed after it, so a crash between the send
and the mark leaves a visible trace of the possibly repeated message.

Claiming is one conditional UPDATE (``status='pending'`` and due, or a lapsed
lease) tagged with a per-claim token; on PostgreSQL the candidates are first
locked with ``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent dispatchers
never wait for each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import (
    admins,
    deliveries,
    group_bindings,
    identities,
    officers,
    reminders,
    sessions,
    submissions,
)

CHUNK = 500
UNIT_KINDS = ("before", "due_today", "overdue", "escalation", "manual")


@dataclass(frozen=True, slots=True)
class OfficerTarget:
    officer_id: int
    unit_id: int
    full_name: str
    locale: str
    channel: str
    chat_id: str
    reachable: bool


@dataclass(frozen=True, slots=True)
class AdminTarget:
    channel: str
    user_id: str
    chat_id: str
    unit_id: int
    locale: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class GroupTarget:
    channel: str
    chat_id: str
    unit_id: int
    title: str | None


@dataclass(frozen=True, slots=True)
class ReminderRow:
    id: int
    dedupe_key: str
    due_at: dt.datetime
    kind: str
    unit_id: int | None
    plan_code: str
    round_id: str
    recipient_kind: str
    channel: str
    chat_id: str
    officer_id: int | None
    payload: dict[str, Any]
    status: str
    attempts: int
    claimed_by: str | None
    error: str | None


def _row(r: Any) -> ReminderRow:
    return ReminderRow(
        r.id, r.dedupe_key, r.due_at, r.kind, r.unit_id, r.plan_code, r.round_id,
        r.recipient_kind, r.channel, r.chat_id, r.officer_id, dict(r.payload or {}), r.status,
        r.attempts, r.claimed_by, r.error,
    )


# ---- planning queries --------------------------------------------------------------------


async def officer_targets(conn: AsyncConnection) -> dict[int, list[OfficerTarget]]:
    """unit id → one target per active officer: the primary reachable identity,
    else any reachable one, else (``reachable=False``) the primary one."""
    rows = await conn.execute(
        sa.select(
            officers.c.id, officers.c.unit_id, officers.c.full_name, officers.c.locale,
            identities.c.channel, identities.c.chat_id, identities.c.unreachable_at,
        )
        .join(identities, identities.c.officer_id == officers.c.id)
        .where(officers.c.left_at.is_(None))
        .order_by(officers.c.id, identities.c.is_primary.desc(), identities.c.id)
    )
    chosen: dict[int, OfficerTarget] = {}
    for r in rows:
        reachable = r.unreachable_at is None
        have = chosen.get(r.id)
        if have is None or (reachable and not have.reachable):
            chosen[r.id] = OfficerTarget(r.id, r.unit_id, r.full_name, r.locale, r.channel, r.chat_id, reachable)
    out: dict[int, list[OfficerTarget]] = {}
    for target in chosen.values():
        out.setdefault(target.unit_id, []).append(target)
    return out


async def admin_targets(conn: AsyncConnection) -> list[AdminTarget]:
    """Every admin scope; the chat and language come from the admin's session
    (a private chat's id is the user id where no session exists yet)."""
    rows = await conn.execute(
        sa.select(admins, sessions.c.chat_id.label("s_chat"), sessions.c.locale.label("s_locale"))
        .outerjoin(
            sessions,
            sa.and_(sessions.c.channel == admins.c.channel, sessions.c.user_id == admins.c.user_id),
        )
        .order_by(admins.c.channel, admins.c.user_id, admins.c.unit_id)
    )
    return [
        AdminTarget(r.channel, r.user_id, r.s_chat or r.user_id, r.unit_id, r.s_locale, r.name)
        for r in rows
    ]


async def admin_scope_units(conn: AsyncConnection, channel: str, user_id: str) -> list[int]:
    rows = await conn.execute(
        sa.select(admins.c.unit_id).where(admins.c.channel == channel, admins.c.user_id == user_id)
    )
    return [r.unit_id for r in rows]


async def group_targets(conn: AsyncConnection) -> list[GroupTarget]:
    rows = await conn.execute(
        sa.select(group_bindings)
        .where(group_bindings.c.unbound_at.is_(None))
        .order_by(group_bindings.c.id)
    )
    return [GroupTarget(r.channel, r.chat_id, r.unit_id, r.title) for r in rows]


async def round_statuses(conn: AsyncConnection, plan_code: str) -> dict[tuple[str, int], str]:
    """(round id, unit id) → submission status, for every submission of a plan."""
    rows = await conn.execute(
        sa.select(submissions.c.round_id, submissions.c.unit_id, submissions.c.status).where(
            submissions.c.plan_code == plan_code
        )
    )
    return {(r.round_id, r.unit_id): r.status for r in rows}


async def existing_keys(conn: AsyncConnection, keys: Iterable[str]) -> set[str]:
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for i in range(0, len(wanted), CHUNK):
        rows = await conn.execute(
            sa.select(reminders.c.dedupe_key).where(reminders.c.dedupe_key.in_(wanted[i : i + CHUNK]))
        )
        found.update(r.dedupe_key for r in rows)
    return found


async def insert_absent(conn: AsyncConnection, rows: Sequence[dict[str, Any]], now: dt.datetime) -> int:
    """Insert the rows whose ``dedupe_key`` is not stored yet; returns how many
    were new. Checked first, then inserted with ON CONFLICT DO NOTHING (both
    SQLite and PostgreSQL) so a concurrent planner cannot make this fail."""
    have = await existing_keys(conn, (r["dedupe_key"] for r in rows))
    fresh: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["dedupe_key"] not in have:
            fresh.setdefault(r["dedupe_key"], {"status": "pending", "attempts": 0, "created_at": now, **r})
    if not fresh:
        return 0
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(reminders).on_conflict_do_nothing(index_elements=["dedupe_key"])
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(reminders).on_conflict_do_nothing(index_elements=["dedupe_key"])
    else:  # pragma: no cover - other dialects: the check above is the guard
        stmt = reminders.insert()
    values = list(fresh.values())
    for i in range(0, len(values), CHUNK):
        await conn.execute(stmt, values[i : i + CHUNK])
    return len(values)


async def recent_manual_units(
    conn: AsyncConnection, plan_code: str, round_id: str, since: dt.datetime
) -> set[int]:
    """Units that got a manual (/remind) reminder for the round since ``since``."""
    rows = await conn.execute(
        sa.select(reminders.c.unit_id).where(
            reminders.c.kind == "manual", reminders.c.plan_code == plan_code,
            reminders.c.round_id == round_id, reminders.c.created_at >= since,
        )
    )
    return {r.unit_id for r in rows if r.unit_id is not None}


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
    pick = sa.select(c.id).where(cond).order_by(c.due_at, c.id).limit(limit)
    values = {
        "status": "claimed", "claimed_by": token, "lease_until": lease_until,
        "attempts": c.attempts + 1,
    }
    if conn.dialect.name == "postgresql":
        ids = [r.id for r in await conn.execute(pick.with_for_update(skip_locked=True))]
        if not ids:
            return []
        await conn.execute(reminders.update().where(c.id.in_(ids), cond).values(**values))
    else:
        # One conditional UPDATE: SQLite runs it under the write lock, so two
        # dispatchers can never both match a row (the loser sees it claimed).
        await conn.execute(reminders.update().where(c.id.in_(pick.scalar_subquery()), cond).values(**values))
    rows = await conn.execute(sa.select(reminders).where(c.claimed_by == token, c.status == "claimed").order_by(c.due_at, c.id))
    return [_row(r) for r in rows]


async def start_attempt(
    conn: AsyncConnection, row: ReminderRow, *, token: str, now: dt.datetime,
    lease_until: dt.datetime, worker: str,
) -> int | None:
    """Renew our lease and log the attempt; ``None`` if the row is no longer ours
    (another dispatcher took it over after our lease lapsed, or it was cancelled)."""
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


async def chat_unreachable(conn: AsyncConnection, channel: str, chat_id: str) -> bool:
    """Whether every identity behind this chat is marked unreachable."""
    rows = (
        await conn.execute(
            sa.select(identities.c.unreachable_at).where(
                identities.c.channel == channel, identities.c.chat_id == chat_id
            )
        )
    ).all()
    return bool(rows) and all(r.unreachable_at is not None for r in rows)
