"""The audit log: who did what, when, with the before and after values."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
