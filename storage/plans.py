"""Stored plan versions. Loading a plan file adds a version; answers stay
pinned to the version they were given against."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import StoredPlan
from bot.domain.plan.loader import load_plan_data, plan_hash
from bot.domain.plan.model import Plan
from storage.schema import plans


@lru_cache(maxsize=64)
def _parse(sha: str, definition: str) -> Plan:
    import json

    return load_plan_data(json.loads(definition), f"stored plan {sha[:12]}")


def _row_to_stored(row: Any) -> StoredPlan:
    import json

    definition = row.definition if isinstance(row.definition, str) else json.dumps(row.definition)
    return StoredPlan(
        id=row.id,
        code=row.code,
        version=row.version,
        year=row.year,
        title=row.title,
        sha256=row.sha256,
        loaded_at=row.loaded_at,
        plan=_parse(row.sha256, definition),
    )


async def store_plan(
    conn: AsyncConnection, plan: Plan, *, now: dt.datetime, source: str | None = None,
    loaded_by: str | None = None,
) -> tuple[StoredPlan, bool]:
    """Store ``plan`` as a new version unless the latest version is identical.

    Returns the stored plan and whether a new version was created.
    """
    digest = plan_hash(plan)
    latest = await latest_plan(conn, plan.code)
    if latest is not None and latest.sha256 == digest:
        return latest, False
    version = 1 if latest is None else latest.version + 1
    result = await conn.execute(
        plans.insert().values(
            code=plan.code, version=version, year=plan.year, title=plan.title,
            definition=plan.to_data(), sha256=digest, source=source, loaded_at=now,
            loaded_by=loaded_by,
        )
    )
    plan_id = result.inserted_primary_key[0]  # type: ignore[index]
    stored = await get_plan(conn, plan_id)
    assert stored is not None
    return stored, True


async def get_plan(conn: AsyncConnection, plan_id: int) -> StoredPlan | None:
    row = (await conn.execute(sa.select(plans).where(plans.c.id == plan_id))).first()
    return None if row is None else _row_to_stored(row)


async def latest_plan(conn: AsyncConnection, code: str) -> StoredPlan | None:
    row = (
        await conn.execute(
            sa.select(plans).where(plans.c.code == code).order_by(plans.c.version.desc()).limit(1)
        )
    ).first()
    return None if row is None else _row_to_stored(row)


async def latest_plans(conn: AsyncConnection) -> list[StoredPlan]:
    """The newest version of every plan code, newest year first."""
    newest = (
        sa.select(plans.c.code, sa.func.max(plans.c.version).label("v"))
        .group_by(plans.c.code)
        .subquery()
    )
    rows = await conn.execute(
        sa.select(plans)
        .join(newest, sa.and_(plans.c.code == newest.c.code, plans.c.version == newest.c.v))
        .order_by(plans.c.year.desc(), plans.c.code)
    )
    return [_row_to_stored(r) for r in rows]


async def list_versions(conn: AsyncConnection) -> list[StoredPlan]:
    rows = await conn.execute(sa.select(plans).order_by(plans.c.code, plans.c.version))
    return [_row_to_stored(r) for r in rows]
