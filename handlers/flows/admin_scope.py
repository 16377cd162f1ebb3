"""The admin scope of the sender of an update: thin helpers over
:mod:`bot.services.scope` that read the identity from the context."""

from __future__ import annotations

from bot.domain.entities import Unit
from bot.services import scope
from handlers.context import Ctx


async def admin_roots(ctx: Ctx) -> list[int]:
    """The sender's scope roots; raises :class:`~bot.services.scope.NotAdmin`."""
    return await scope.admin_roots(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id)


async def scope_ids(ctx: Ctx) -> set[int]:
    return await scope.scope_ids(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id)


async def unit_in_scope(ctx: Ctx, code: str) -> Unit:
    """The unit named by ``code`` if the sender administers it."""
    return await scope.unit_in_scope(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, code)


async def target_roots(ctx: Ctx, code: str | None) -> list[int]:
    """The roots a report covers: the named unit (in scope) or every scope root."""
    return await scope.target_roots(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, code)
