"""Claiming rows under a lease, shared by the two outboxes (reminders and
replies): one conditional UPDATE tagging the picked rows with the claimer's
values. On PostgreSQL the candidates are first locked with
``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent claimers never wait for
each other; SQLite runs the UPDATE under its write lock, so two claimers can
never both match a row (the loser sees it claimed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection


async def claim(
    conn: AsyncConnection, table: sa.Table, cond: sa.ColumnElement[bool],
    order_by: Sequence[sa.ColumnElement[Any]], limit: int, values: Mapping[str, Any],
) -> None:
    """Set ``values`` on up to ``limit`` rows of ``table`` matching ``cond``,
    taken in ``order_by`` order (``cond`` is checked again by the UPDATE)."""
    c = table.c
    pick = sa.select(c.id).where(cond).order_by(*order_by).limit(limit)
    if conn.dialect.name == "postgresql":
        ids = [r.id for r in await conn.execute(pick.with_for_update(skip_locked=True))]
        if ids:
            await conn.execute(table.update().where(c.id.in_(ids), cond).values(**values))
        return
    await conn.execute(table.update().where(c.id.in_(pick.scalar_subquery()), cond).values(**values))
