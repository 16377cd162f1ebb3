"""The admin scope of the sender of an update: thin helpers over
:mod:`bot.services.scope` that read the identity from the context."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.messages import Outgoing
from bot.domain.entities import Unit
from bot.services import scope
from handlers.context import Ctx


async def admin_roots(ctx: Ctx) -> list[int]:
    """The sender's scope roots; raises :class:`~bot.services.scope.NotAdmin`."""
    return await scope.admin_roots(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id)


async def scope_ids(ctx: Ctx) -> set[int]:
    return await scope.scope_ids(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id)


async def revoked(ctx: Ctx, units: Iterable[int] = (), codes: Iterable[str] = ()) -> list[Outgoing] | None:
    """At a step of a flow begun earlier (a confirmation, the next criterion):
    ``None`` while the sender's scopes still cover the units it was begun for
    (checked in the transaction that acts); otherwise the flow ends with
    "quyền quản trị đã bị thu hồi" and nothing is done."""
    if await scope.still_covers(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, units, codes):
        return None
    ctx.enter(None)
    return [ctx.say("admin.revoked")]


async def unit_in_scope(ctx: Ctx, code: str) -> Unit:
    """The unit named by ``code`` if the sender administers it."""
    return await scope.unit_in_scope(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, code)


async def target_roots(ctx: Ctx, code: str | None) -> list[int]:
    """The roots a report covers: the named unit (in scope) or every scope root."""
    return await scope.target_roots(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, code)
