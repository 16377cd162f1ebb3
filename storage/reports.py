"""Reads for summaries and exports (whole rounds at once), and appraisal writes.

Each read is one query over the round (never one per unit) so a summary of
thousands of units stays fast; filtering to an admin's scope happens in
Python on unit ids, which keeps the SQL free of huge ``IN`` lists.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import Appraisal, Contact, Recipient
from storage.schema import appraisals, identities, officers, submissions


async def contacts(conn: AsyncConnection) -> dict[int, Contact]:
    """unit id → its active officer (the primary one, else the earliest)."""
    rows = await conn.execute(
        sa.select(officers.c.unit_id, officers.c.id, officers.c.full_name, officers.c.position, officers.c.phone)
        .where(officers.c.left_at.is_(None))
        .order_by(officers.c.unit_id, officers.c.is_primary.desc(), officers.c.id)
    )
    out: dict[int, Contact] = {}
    for unit_id, *contact in rows:
        if unit_id not in out:
            out[unit_id] = Contact(*contact)
    return out


async def contact_of(conn: AsyncConnection, unit_id: int) -> Contact | None:
    """The unit's active officer (the primary one, else the earliest), as :func:`contacts` picks it."""
    row = (await conn.execute(
        sa.select(officers)
        .where(officers.c.left_at.is_(None), officers.c.unit_id == unit_id)
        .order_by(officers.c.is_primary.desc(), officers.c.id)
        .limit(1)
    )).first()
    return None if row is None else Contact(row.id, row.full_name, row.position, row.phone)


async def appraisals_for_round(
    conn: AsyncConnection, plan_code: str, round_id: str
) -> dict[int, dict[str, Appraisal]]:
    """unit id → {criterion key → appraisal} for every submission of the round."""
    rows = await conn.execute(
        sa.select(submissions.c.unit_id, appraisals)
        .join(appraisals, appraisals.c.submission_id == submissions.c.id)
        .where(submissions.c.plan_code == plan_code, submissions.c.round_id == round_id)
    )
    out: dict[int, dict[str, Appraisal]] = {}
    for r in rows:
        out.setdefault(r.unit_id, {})[r.criterion_key] = Appraisal(
            r.criterion_key, r.points, r.comment, r.appraised_by, r.appraised_at
        )
    return out


async def appraisals_of(conn: AsyncConnection, submission_id: int) -> dict[str, Appraisal]:
    rows = await conn.execute(sa.select(appraisals).where(appraisals.c.submission_id == submission_id))
    return {
        r.criterion_key: Appraisal(r.criterion_key, r.points, r.comment, r.appraised_by, r.appraised_at)
        for r in rows
    }


async def set_appraisal(
    conn: AsyncConnection, submission_id: int, criterion_key: str, points: float, *,
    by: str, now: dt.datetime, comment: str | None = None,
) -> Appraisal | None:
    """Insert or replace one appraised score; returns the previous one, if any."""
    before = (await appraisals_of(conn, submission_id)).get(criterion_key)
    if before is None:
        await conn.execute(
            appraisals.insert().values(
                submission_id=submission_id, criterion_key=criterion_key, points=points,
                comment=comment, appraised_by=by, appraised_at=now,
            )
        )
    else:
        await conn.execute(
            appraisals.update()
            .where(appraisals.c.submission_id == submission_id, appraisals.c.criterion_key == criterion_key)
            .values(points=points, comment=comment, appraised_by=by, appraised_at=now)
        )
    return before


async def recipients(conn: AsyncConnection, unit_ids: set[int] | None = None) -> list[Recipient]:
    """One reachable chat per active officer (their primary identity first),
    for the units given (every unit when ``None``)."""
    rows = await conn.execute(
        sa.select(officers.c.unit_id, officers.c.id.label("oid"), officers.c.locale, identities.c.channel,
                  identities.c.chat_id)
        .join(identities, identities.c.officer_id == officers.c.id)
        .where(officers.c.left_at.is_(None), identities.c.unreachable_at.is_(None))
        .order_by(officers.c.unit_id, officers.c.id, identities.c.is_primary.desc(), identities.c.id)
    )
    seen: set[int] = set()
    out: list[Recipient] = []
    for r in rows:
        if r.oid in seen or (unit_ids is not None and r.unit_id not in unit_ids):
            continue
        seen.add(r.oid)
        out.append(Recipient(r.unit_id, r.oid, r.channel, r.chat_id, r.locale))
    return out
