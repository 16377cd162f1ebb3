"""Who may do what: an admin holds one or more unit scopes (subtrees); every
admin command resolves its target inside them or refuses.

:func:`scopes` is the one place that reads an identity's admin scopes; every
other question about scope (roots, the units covered, a named unit, binding a
group) is answered from it and the unit tree; :func:`admins_over` is the
reverse read, the admins whose scope covers one unit.

Authority is checked at the act: the read happens in the transaction that
acts (and holds the scope rows until it commits, see
``storage.admins.scopes_of``), and a step confirmed after it was begun —
``/nhac``, a broadcast, a review, an appraisal, an invite — asks
:func:`still_covers` about the units it was begun for, so an admin whose
scope was revoked meanwhile is told so and nothing happens."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.errors import NotAdmin, OutOfScope, UnknownUnit
from bot.domain.entities import Admin, Unit
from bot.domain.reminders.targets import AdminTarget, covering
from bot.domain.units import UnitInfo, ancestors, minimal_roots, subtree, under_any
from bot.services.admin_data import unit_tree
from bot.services.runtime import Connection
from storage import admins as admin_store
from storage import reminder_targets as target_store
from storage import units as unit_store


async def scopes(conn: Connection, channel: str, user_id: str) -> list[Admin]:
    """Every scope the identity holds, in grant order (empty: not an admin)."""
    return await admin_store.scopes_of(conn, channel, user_id)


async def scope_units(conn: Connection, channel: str, user_id: str) -> set[int]:
    """The roots of the identity's scopes as granted (empty: not an admin)."""
    return {s.unit_id for s in await scopes(conn, channel, user_id)}


async def admins_over(conn: Connection, unit_id: int) -> list[AdminTarget]:
    """One target per admin identity whose scope covers the unit (granted on
    it or on a unit above it); reads only the scopes on that unit's chain."""
    tree = await unit_tree(conn)
    granted = await target_store.admin_targets(conn, unit_ids=ancestors(tree, unit_id))
    return covering(tree, granted, unit_id)


async def is_admin(conn: Connection, channel: str, user_id: str) -> bool:
    return bool(await scopes(conn, channel, user_id))


async def _roots(conn: Connection, channel: str, user_id: str, tree: dict[int, UnitInfo]) -> list[int]:
    granted = await scopes(conn, channel, user_id)
    if not granted:
        raise NotAdmin()
    return minimal_roots(tree, [s.unit_id for s in granted])


async def admin_roots(conn: Connection, channel: str, user_id: str) -> list[int]:
    """The identity's scope roots; raises :class:`NotAdmin` when there are none."""
    return await _roots(conn, channel, user_id, await unit_tree(conn))


async def scope_ids(conn: Connection, channel: str, user_id: str) -> set[int]:
    """Every unit the identity administers; raises :class:`NotAdmin`."""
    tree = await unit_tree(conn)
    out: set[int] = set()
    for root in await _roots(conn, channel, user_id, tree):
        out.update(subtree(tree, root))
    return out


async def still_covers(
    conn: Connection, channel: str, user_id: str, units: Iterable[int] = (), codes: Iterable[str] = ()
) -> bool:
    """For a step begun earlier: whether the identity's scopes *now* cover
    every unit named (by id or by code; none named: whether it is still an
    admin at all). A unit that no longer exists is not covered."""
    granted = [s.unit_id for s in await scopes(conn, channel, user_id)]
    if not granted:
        return False
    tree = await unit_tree(conn)
    wanted = set(units)
    for code in codes:
        unit = await unit_store.find_unit(conn, code)
        if unit is None:
            return False
        wanted.add(unit.id)
    return all(u in tree and under_any(tree, granted, u) for u in wanted)


async def unit_in_scope(conn: Connection, channel: str, user_id: str, code: str) -> Unit:
    """The unit named by ``code`` if the identity administers it."""
    allowed = await scope_ids(conn, channel, user_id)
    unit = await unit_store.find_unit(conn, code.strip())
    if unit is None:
        raise UnknownUnit(code=code.strip()[:40])
    if unit.id not in allowed:
        raise OutOfScope(code=unit.code)
    return unit


async def target_roots(conn: Connection, channel: str, user_id: str, code: str | None) -> list[int]:
    """The roots a report covers: the named unit (in scope) or every scope root."""
    if code:
        return [(await unit_in_scope(conn, channel, user_id, code)).id]
    return await admin_roots(conn, channel, user_id)


async def may_bind_group(
    conn: Connection, channel: str, user_id: str, officer_unit_id: int | None, unit: Unit
) -> bool:
    """An officer of the unit or of a unit above it, or an admin over it, may
    bind a group chat to it."""
    roots = [s.unit_id for s in await scopes(conn, channel, user_id)]
    if officer_unit_id is not None:
        roots.append(officer_unit_id)
    if not roots:
        return False
    tree = await unit_tree(conn)
    return under_any(tree, roots, unit.id)
