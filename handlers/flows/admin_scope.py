"""Who may do what: an admin holds one or more unit scopes (subtrees); every
admin command resolves its target inside them or refuses."""

from __future__ import annotations

from bot.core.errors import NotFound, PermissionDenied
from bot.domain.reports import UnitInfo, subtree
from bot.services.admin_data import unit_tree
from handlers.context import Ctx
from storage import admins as admin_store
from storage import units as unit_store
from storage.units import Unit


class NotAdmin(PermissionDenied):
    """The sender holds no admin scope and tried an admin command."""

    key = "admin.not_admin"


class OutOfScope(PermissionDenied):
    """An admin named a unit outside every subtree they administer."""

    key = "admin.out_of_scope"


class UnknownUnit(NotFound):
    """An admin named a unit code that does not exist."""

    key = "admin.unknown_unit"


def minimal_roots(tree: dict[int, UnitInfo], roots: list[int]) -> list[int]:
    """Drop roots that lie inside another root's subtree (keeps order)."""
    out: list[int] = []
    for r in roots:
        if any(r != other and r in subtree(tree, other) for other in roots):
            continue
        if r not in out:
            out.append(r)
    return out


async def admin_roots(ctx: Ctx) -> list[int]:
    """The sender's scope roots; raises :class:`NotAdmin` when there are none."""
    scopes = await admin_store.scopes_of(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id)
    if not scopes:
        raise NotAdmin()
    return minimal_roots(await unit_tree(ctx.conn), [s.unit_id for s in scopes])


async def scope_ids(ctx: Ctx) -> set[int]:
    tree = await unit_tree(ctx.conn)
    out: set[int] = set()
    for root in await admin_roots(ctx):
        out.update(subtree(tree, root))
    return out


async def unit_in_scope(ctx: Ctx, code: str) -> Unit:
    """The unit named by ``code`` if the sender administers it."""
    allowed = await scope_ids(ctx)
    unit = await unit_store.find_unit(ctx.conn, code.strip())
    if unit is None:
        raise UnknownUnit(code=code.strip()[:40])
    if unit.id not in allowed:
        raise OutOfScope(code=unit.code)
    return unit


async def target_roots(ctx: Ctx, code: str | None) -> list[int]:
    """The roots a report covers: the named unit (in scope) or every scope root."""
    if code:
        return [(await unit_in_scope(ctx, code)).id]
    return await admin_roots(ctx)
