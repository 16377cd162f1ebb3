"""The audit log: who did what, when, with the before and after values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import audit_log


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
