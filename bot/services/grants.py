"""From chat, an admin hands out invite codes for a unit and grants or
revokes admin scopes within their own; each change is audited."""

from __future__ import annotations

import datetime as dt

from bot.domain.entities import Admin, Officer, Unit
from bot.domain.units import UnitInfo, subtree
from bot.services.runtime import Connection
from storage import admins as admin_store
from storage import audit
from storage import invites as invite_store
from storage import officers as officer_store
from storage import units as unit_store


async def invite(conn: Connection, unit: Unit, count: int, *, days: int, actor: str, now: dt.datetime) -> list[str]:
    """``count`` new invite codes for the unit, valid ``days`` days."""
    codes = await invite_store.create_invites(conn, unit.id, count=count, days=days, now=now, created_by=actor)
    await audit.record(conn, actor=actor, action="invite", entity="unit", entity_id=unit.id,
                       after={"count": count}, now=now)
    return codes


async def officers_of(conn: Connection, unit: Unit) -> list[Officer]:
    """The unit's active officers: an invite for such a unit is asked about first."""
    return await officer_store.officers_of_unit(conn, unit.id)


async def units_without_officer(conn: Connection, roots: list[int] | None = None) -> list[UnitInfo]:
    """Active units (below ``roots``, or all) that no active officer is
    registered for, top-down from the roots."""
    tree = await unit_store.unit_tree(conn)
    staffed = await officer_store.units_with_officers(conn)
    if roots is None:
        roots = sorted((u.id for u in tree.values() if u.parent_id not in tree), key=lambda i: tree[i].code)
    ids = dict.fromkeys(i for r in roots for i in subtree(tree, r))
    return [tree[i] for i in ids if i not in staffed and not tree[i].retired]


async def grant(
    conn: Connection, user: tuple[str, str], unit: Unit, *, name: str | None, actor: str, now: dt.datetime
) -> bool:
    """Make ``user`` (channel, user id) an admin over the unit's subtree;
    ``False`` when they already were."""
    added = await admin_store.add_admin(conn, user[0], user[1], unit.id, now=now, name=name, created_by=actor)
    if added:
        await audit.record(conn, actor=actor, action="admin_add", entity="admin", entity_id=f"{user[0]}:{user[1]}",
                           after={"unit": unit.code, "name": name}, now=now)
    return added


async def revoke(
    conn: Connection, user: tuple[str, str], unit: Unit | None, *, actor: str, now: dt.datetime
) -> int:
    """Take back ``user``'s scope over the unit (``None``: every scope);
    returns how many scopes were removed."""
    removed = await admin_store.remove_admin(conn, user[0], user[1], None if unit is None else unit.id)
    if removed:
        await audit.record(conn, actor=actor, action="admin_remove", entity="admin",
                           entity_id=f"{user[0]}:{user[1]}", before={"unit": None if unit is None else unit.code},
                           now=now)
    return removed


async def admins_within(conn: Connection, allowed: set[int] | None = None) -> list[Admin]:
    """Every admin scope rooted at one of the ``allowed`` units (``None``: all)."""
    return [a for a in await admin_store.list_admins(conn) if allowed is None or a.unit_id in allowed]
