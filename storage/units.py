"""Units: a tree (province → sở / xã …). Admins are scoped to subtrees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import AlreadyExists, NotFound
from bot.domain.entities import Unit
from bot.domain.units import UnitInfo, subtree
from storage.schema import units


def _unit(row: Any) -> Unit:
    return Unit(row.id, row.code, row.name, row.parent_id, row.level, row.retired_at, row.type)


async def add_unit(
    conn: AsyncConnection, code: str, name: str, *, now: dt.datetime,
    parent_code: str | None = None, level: str = "don-vi", type: str | None = None,
) -> Unit:
    if await find_unit(conn, code) is not None:
        raise AlreadyExists(f"unit {code} already exists", code=code)
    parent_id = None
    if parent_code:
        parent = await find_unit(conn, parent_code)
        if parent is None:
            raise NotFound(f"no unit with code {parent_code}", code=parent_code)
        parent_id = parent.id
    result = await conn.execute(
        units.insert().values(code=code, name=name, parent_id=parent_id, level=level, type=type, created_at=now)
    )
    return Unit(result.inserted_primary_key[0], code, name, parent_id, level, type=type)  # type: ignore[index]


async def find_unit(conn: AsyncConnection, code: str) -> Unit | None:
    row = (await conn.execute(sa.select(units).where(sa.func.lower(units.c.code) == code.lower()))).first()
    return None if row is None else _unit(row)


async def get_unit(conn: AsyncConnection, unit_id: int) -> Unit:
    row = (await conn.execute(sa.select(units).where(units.c.id == unit_id))).first()
    if row is None:
        raise NotFound(f"no unit {unit_id}")
    return _unit(row)


async def list_units(conn: AsyncConnection, *, include_retired: bool = False) -> list[Unit]:
    q = sa.select(units).order_by(units.c.code)
    if not include_retired:
        q = q.where(units.c.retired_at.is_(None))
    return [_unit(r) for r in await conn.execute(q)]


async def unit_tree(conn: AsyncConnection) -> dict[int, UnitInfo]:
    """Every unit, retired ones included, as the domain's tree (bot.domain.units),
    read as the few columns the tree holds (a summary reads thousands)."""
    rows = await conn.execute(
        sa.select(units.c.id, units.c.code, units.c.name, units.c.parent_id, units.c.level,
                  units.c.retired_at.is_not(None).label("retired"), units.c.type)
        .order_by(units.c.code)
    )
    return {r[0]: UnitInfo(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows}


async def root_ids(conn: AsyncConnection) -> list[int]:
    """The ids of the tree's roots (retired ones included), by code: what
    :func:`unit_tree` would give, without loading every unit."""
    rows = await conn.execute(sa.select(units.c.id).where(units.c.parent_id.is_(None)).order_by(units.c.code))
    return [r.id for r in rows]


async def subtree_ids(conn: AsyncConnection, root_id: int) -> list[int]:
    """The ids of ``root_id`` and every unit below it (breadth-first)."""
    return subtree(await unit_tree(conn), root_id)


def tree_lines(all_units: list[Unit]) -> list[str]:
    """``code  name  [level]`` lines indented by depth, for ``dvbot units list``."""
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in all_units}
    for u in all_units:
        by_parent.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    lines: list[str] = []

    def walk(parent: int | None, depth: int) -> None:
        for u in sorted(by_parent.get(parent, []), key=lambda x: x.code):
            retired = " (retired)" if u.retired_at else ""
            kind = f" {u.type}" if u.type else ""
            lines.append(f"{'  ' * depth}{u.code}  {u.name}  [{u.level}{kind}]{retired}")
            walk(u.id, depth + 1)

    walk(None, 0)
    return lines
