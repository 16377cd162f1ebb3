"""Stored plan versions. Loading a plan file adds a version; answers stay
pinned to the version they were given against."""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import StoredPlan
from bot.domain.plan.loader import load_plan_data, plan_hash
from bot.domain.plan.model import Plan
from storage.schema import plans

# Parsed plans by content hash. A stored version never changes (a new file is
# a new row), and ``sha256`` is the hash of its definition (``plan_hash``),
# so a version parsed once is never read or parsed again: the walk's every
# message reads the plan's small columns, not its ~60 KB definition.
_PARSED: OrderedDict[str, Plan] = OrderedDict()
_KEEP = 64
_HEAD = [c for c in plans.c if c.name != "definition"]
_DEFINITIONS = sa.select(plans.c.id, plans.c.sha256, plans.c.definition).where(
    plans.c.id.in_(sa.bindparam("ids", expanding=True)))


def _remember(sha: str, definition: Any) -> Plan:
    plan = load_plan_data(definition if isinstance(definition, dict) else json.loads(definition),
                          f"stored plan {sha[:12]}")
    _PARSED[sha] = plan
    while len(_PARSED) > _KEEP:
        _PARSED.popitem(last=False)
    return plan


def _cached(sha: str) -> Plan | None:
    plan = _PARSED.get(sha)
    if plan is not None:
        _PARSED.move_to_end(sha)
    return plan


async def _stored(conn: AsyncConnection, rows: Sequence[Any]) -> list[StoredPlan]:
    """The rows (without their definition) as stored plans, reading and
    parsing only the definitions not parsed yet."""
    found = {r.sha256: p for r in rows if (p := _cached(r.sha256)) is not None}
    missing = [r.id for r in rows if r.sha256 not in found]
    if missing:
        for d in await conn.execute(_DEFINITIONS, {"ids": missing}):
            found[d.sha256] = _remember(d.sha256, d.definition)
    return [
        StoredPlan(id=r.id, code=r.code, version=r.version, year=r.year, title=r.title, sha256=r.sha256,
                   loaded_at=r.loaded_at, plan=found[r.sha256])
        for r in rows
    ]


async def plan_of(conn: AsyncConnection, plan_id: int, sha256: str) -> Plan:
    """The plan of a version whose hash the caller already read (a
    submission's): from memory, or read once."""
    plan = _cached(sha256)
    if plan is not None:
        return plan
    stored = await get_plan(conn, plan_id)
    assert stored is not None
    return stored.plan


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


_BY_ID = sa.select(*_HEAD).where(plans.c.id == sa.bindparam("plan_id"))
_LATEST = sa.select(*_HEAD).where(plans.c.code == sa.bindparam("code")).order_by(plans.c.version.desc()).limit(1)


async def get_plan(conn: AsyncConnection, plan_id: int) -> StoredPlan | None:
    rows = (await conn.execute(_BY_ID, {"plan_id": plan_id})).all()
    return (await _stored(conn, rows))[0] if rows else None


async def latest_plan(conn: AsyncConnection, code: str) -> StoredPlan | None:
    rows = (await conn.execute(_LATEST, {"code": code})).all()
    return (await _stored(conn, rows))[0] if rows else None


async def latest_plans(conn: AsyncConnection) -> list[StoredPlan]:
    """The newest version of every plan code, newest year first."""
    newest = (
        sa.select(plans.c.code, sa.func.max(plans.c.version).label("v"))
        .group_by(plans.c.code)
        .subquery()
    )
    rows = await conn.execute(
        sa.select(*_HEAD)
        .join(newest, sa.and_(plans.c.code == newest.c.code, plans.c.version == newest.c.v))
        .order_by(plans.c.year.desc(), plans.c.code)
    )
    return await _stored(conn, rows.all())


async def list_versions(conn: AsyncConnection) -> list[StoredPlan]:
    rows = await conn.execute(sa.select(*_HEAD).order_by(plans.c.code, plans.c.version))
    return await _stored(conn, rows.all())
