"""The audit log: who did what, when, with the before and after values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import audit_log, officers, submissions

REMIND_SCAN = 500


async def record(
    conn: AsyncConnection, *, actor: str, action: str, entity: str, entity_id: Any = None,
    before: Any = None, after: Any = None, now: dt.datetime,
) -> None:
    await conn.execute(
        audit_log.insert().values(
            at=now, actor=actor, action=action, entity=entity,
            entity_id=None if entity_id is None else str(entity_id), before=before, after=after,
        )
    )


async def latest(conn: AsyncConnection, action: str, limit: int = 20) -> list[tuple[dt.datetime, str, Any]]:
    """The newest ``limit`` entries of ``action``: (when, actor, after)."""
    rows = await conn.execute(
        sa.select(audit_log.c.at, audit_log.c.actor, audit_log.c.after)
        .where(audit_log.c.action == action).order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
    )
    return [(r.at, r.actor, r.after) for r in rows]



async def about_unit(conn: AsyncConnection, unit_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """The newest ``limit`` entries about one unit, newest first: on the unit
    itself (invites, renames, moves), its officers (registered, linked, left),
    its submissions (submitted, accepted, returned, appraised) and the manual
    reminders that named it (a ``remind`` entry lists its units: the JSON is
    read here, among the newest ``REMIND_SCAN`` of them, dialect-neutral)."""
    a = audit_log.c
    of_unit = sa.or_(
        sa.and_(a.entity == "unit", a.entity_id == str(unit_id)),
        sa.and_(a.entity == "officer", a.entity_id.in_(
            sa.select(sa.cast(officers.c.id, sa.String)).where(officers.c.unit_id == unit_id))),
        sa.and_(a.entity == "submission", a.entity_id.in_(
            sa.select(sa.cast(submissions.c.id, sa.String)).where(submissions.c.unit_id == unit_id))),
    )
    columns = (a.id, a.at, a.actor, a.action, a.entity, a.before, a.after)
    order = (a.at.desc(), a.id.desc())
    rows = list(await conn.execute(sa.select(*columns).where(of_unit).order_by(*order).limit(limit)))
    reminds = await conn.execute(sa.select(*columns).where(a.action == "remind").order_by(*order).limit(REMIND_SCAN))
    rows += [r for r in reminds if unit_id in ((r.after or {}).get("units") or [])]
    rows.sort(key=lambda r: (r.at, r.id), reverse=True)
    return [{"at": r.at, "actor": r.actor, "action": r.action, "entity": r.entity, "before": r.before,
             "after": r.after} for r in rows[:limit]]
