"""What the reminder planner reads: officers with the identity to reach them,
admins with their scopes, bound group chats, submission statuses, and recent
manual reminders (for the /remind cool-down)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminders.targets import AdminTarget, GroupTarget, OfficerTarget
from storage.schema import (
    admins,
    group_bindings,
    identities,
    officers,
    reminders,
    sessions,
    submissions,
)


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


async def admin_targets(conn: AsyncConnection, unit_ids: Collection[int] | None = None) -> list[AdminTarget]:
    """Every admin scope (or those rooted at ``unit_ids``); the chat and
    language come from the admin's session (a private chat's id is the user id
    where no session exists yet)."""
    query = (
        sa.select(admins, sessions.c.chat_id.label("s_chat"), sessions.c.locale.label("s_locale"))
        .outerjoin(
            sessions,
            sa.and_(sessions.c.channel == admins.c.channel, sessions.c.user_id == admins.c.user_id),
        )
        .order_by(admins.c.channel, admins.c.user_id, admins.c.unit_id)
    )
    if unit_ids is not None:
        query = query.where(admins.c.unit_id.in_(list(unit_ids)))
    rows = await conn.execute(query)
    return [
        AdminTarget(r.channel, r.user_id, r.s_chat or r.user_id, r.unit_id, r.s_locale, r.name)
        for r in rows
    ]


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

async def chat_unreachable(conn: AsyncConnection, channel: str, chat_id: str) -> bool:
    """Whether every identity behind this chat is marked unreachable."""
    return (channel, chat_id) in await unreachable_chats(conn, [(channel, chat_id)])


async def unreachable_chats(conn: AsyncConnection, chats: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of ``chats`` (channel, chat id), those whose every identity is marked
    unreachable (a chat no identity stands behind is not): one query for a
    dispatcher's whole batch, on the index over (channel, chat_id)."""
    wanted = set(chats)
    if not wanted:
        return set()
    out: set[tuple[str, str]] = set()
    for channel in {c for c, _ in wanted}:
        ids = sorted({chat for c, chat in wanted if c == channel})
        rows = await conn.execute(
            sa.select(identities.c.chat_id)
            .where(identities.c.channel == channel, identities.c.chat_id.in_(ids))
            .group_by(identities.c.chat_id)
            .having(sa.func.count() == sa.func.count(identities.c.unreachable_at))
        )
        out |= {(channel, r.chat_id) for r in rows}
    return out


async def unreachable_identities(conn: AsyncConnection) -> dict[tuple[str, str], tuple[dt.datetime, str | None]]:
    """(channel, chat id) → when and why each active officer's identity was
    marked unreachable (a permanent send failure), for the reminder plan page."""
    rows = await conn.execute(
        sa.select(identities.c.channel, identities.c.chat_id, identities.c.unreachable_at,
                  identities.c.unreachable_reason)
        .join(officers, officers.c.id == identities.c.officer_id)
        .where(officers.c.left_at.is_(None), identities.c.unreachable_at.is_not(None))
    )
    return {(r.channel, r.chat_id): (r.unreachable_at, r.unreachable_reason) for r in rows}
