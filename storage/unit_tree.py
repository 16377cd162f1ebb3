"""Changing the unit tree: import, rename, move, retire, keeping it whole.

The tree stays whole: no cycles (a unit never moves under itself), no
orphans (a parent must exist and be active; a unit with active children
cannot be retired). Retired units keep their rows, so history stays.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import AlreadyExists, NotFound, TreeError
from bot.domain.entities import ImportResult, ImportRow
from storage import units as unit_store
from storage.schema import units
from storage.units import Unit


async def _need(conn: AsyncConnection, code: str) -> Unit:
    unit = await unit_store.find_unit(conn, code)
    if unit is None:
        raise NotFound(f"no unit with code {code}", code=code)
    return unit


async def rename(conn: AsyncConnection, code: str, name: str) -> tuple[Unit, str]:
    """Returns the unit and its old name."""
    unit = await _need(conn, code)
    if not name.strip():
        raise TreeError("a unit name cannot be empty")
    await conn.execute(units.update().where(units.c.id == unit.id).values(name=name.strip()))
    return unit, unit.name


async def move(conn: AsyncConnection, code: str, new_parent_code: str | None) -> tuple[Unit, int | None]:
    """Move a unit (with its subtree) under another; returns the unit and its old parent id."""
    unit = await _need(conn, code)
    parent_id = None
    if new_parent_code:
        parent = await _need(conn, new_parent_code)
        if parent.retired_at is not None:
            raise TreeError(f"{parent.code} is retired; cannot move {unit.code} under it")
        if parent.id in await unit_store.subtree_ids(conn, unit.id):
            raise TreeError(f"moving {unit.code} under {parent.code} would make a cycle")
        parent_id = parent.id
    await conn.execute(units.update().where(units.c.id == unit.id).values(parent_id=parent_id))
    return unit, unit.parent_id


async def retire(conn: AsyncConnection, code: str, now: dt.datetime) -> Unit:
    unit = await _need(conn, code)
    if unit.retired_at is not None:
        raise AlreadyExists(f"{unit.code} is already retired")
    active_children = (
        await conn.execute(
            sa.select(units.c.code).where(units.c.parent_id == unit.id, units.c.retired_at.is_(None))
        )
    ).scalars().all()
    if active_children:
        raise TreeError(
            f"{unit.code} still has active units under it ({', '.join(sorted(active_children)[:10])}); "
            "move or retire them first"
        )
    await conn.execute(units.update().where(units.c.id == unit.id).values(retired_at=now))
    return unit


def check_import(existing: list[Unit], rows: list[ImportRow]) -> list[str]:
    """Every problem of an import, each naming its line; empty when it can be applied."""
    errors: list[str] = []
    seen: dict[str, int] = {}
    for row in rows:
        key = row.code.lower()
        if not row.code:
            errors.append(f"line {row.line}: the unit code is empty")
        elif key in seen:
            errors.append(f"line {row.line}: code {row.code} already appears on line {seen[key]}")
        else:
            seen[key] = row.line
        if not row.name:
            errors.append(f"line {row.line}: the unit name is empty")
        if row.parent_code and row.parent_code.lower() == key:
            errors.append(f"line {row.line}: {row.code} cannot be its own parent")
    parent_of: dict[str, str | None] = {}
    by_id = {u.id: u for u in existing}
    active = {u.code.lower() for u in existing if u.retired_at is None}
    for u in existing:
        parent = by_id.get(u.parent_id) if u.parent_id else None
        parent_of[u.code.lower()] = parent.code.lower() if parent else None
    for row in rows:
        parent_of[row.code.lower()] = row.parent_code.lower() if row.parent_code else None
    in_file = {r.code.lower() for r in rows}
    for row in rows:
        p = row.parent_code
        if p and p.lower() not in in_file and p.lower() not in active:
            errors.append(f"line {row.line}: parent {p} of {row.code} is neither in the file nor an active unit")
    for row in rows:
        path, node = {row.code.lower()}, parent_of.get(row.code.lower())
        while node is not None:
            if node in path:
                errors.append(f"line {row.line}: {row.code} would sit inside its own subtree (cycle)")
                break
            path.add(node)
            node = parent_of.get(node)
    return errors


async def import_units(conn: AsyncConnection, rows: list[ImportRow], now: dt.datetime) -> ImportResult:
    """Add new units and update existing ones (name, level, parent, type), all or nothing."""
    existing = await unit_store.list_units(conn, include_retired=True)
    errors = check_import(existing, rows)
    if errors:
        raise TreeError("\n".join(errors))
    ids = {u.code.lower(): u.id for u in existing}
    by_code = {u.code.lower(): u for u in existing}
    added = updated = unchanged = 0
    pending = list(rows)
    # Parents first: insert rows whose parent already has an id, repeat.
    while pending:
        later = []
        for row in pending:
            parent_id = ids.get(row.parent_code.lower()) if row.parent_code else None
            if row.parent_code and parent_id is None:
                later.append(row)
                continue
            old = by_code.get(row.code.lower())
            if old is None:
                result = await conn.execute(
                    units.insert().values(code=row.code, name=row.name, parent_id=parent_id,
                                          level=row.level, type=row.type, created_at=now)
                )
                ids[row.code.lower()] = result.inserted_primary_key[0]  # type: ignore[index]
                added += 1
            elif (old.name, old.level, old.parent_id, old.type) != (row.name, row.level, parent_id, row.type):
                await conn.execute(
                    units.update().where(units.c.id == old.id)
                    .values(name=row.name, level=row.level, parent_id=parent_id, type=row.type)
                )
                updated += 1
            else:
                unchanged += 1
        if len(later) == len(pending):  # unreachable after check_import; a guard
            raise TreeError(f"line {later[0].line}: parent {later[0].parent_code} cannot be placed")
        pending = later
    return ImportResult(added, updated, unchanged)
