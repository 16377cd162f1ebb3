"""Group chats (Telegram): bind a group to a unit, show the unit's progress.

* ``/link <unit code>`` (``/lienket``): a group admin who is also an officer
  of that unit (or of a unit above it) or a dvbot admin over it binds the
  group; the adapter says whether the sender administers the group
  (``Incoming.is_chat_admin``).
* ``/status`` (``/tiendo``): the unit's rounds, deadlines and who is responsible.
* ``/unlink`` (``/huylienket``): a group admin unbinds it.
* Report and registration commands in a group answer with a link to the
  private chat; reports are never filled in a group. Other chatter is
  ignored by the router.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from bot.core.messages import Channel, Outgoing
from bot.domain.status import DONE
from bot.domain.units import under_any
from bot.services.admin_data import unit_tree
from bot.services.progress import unit_rounds
from bot.services.runtime import Runtime
from handlers.commands import Command
from handlers.context import Ctx
from handlers.views import render
from storage import audit
from storage import groups as group_store
from storage import officers as officer_store
from storage import units as unit_store
from storage.units import Unit

log = logging.getLogger(__name__)

# Set by the composition root once each channel knows its bot (``https://t.me/<bot>``).
PRIVATE_CHAT_LINKS: dict[str, str] = {}


def set_private_chat_link(channel: Channel, url: str) -> None:
    PRIVATE_CHAT_LINKS[str(channel)] = url


async def _may_bind(ctx: Ctx, unit: Unit) -> bool:
    """An officer of the unit or of a unit above it, or a dvbot admin over it."""
    roots = await group_store.admin_unit_ids(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id)
    if ctx.officer is not None:
        roots.append(ctx.officer.unit_id)
    return under_any(await unit_tree(ctx.conn), roots, unit.id)


async def cmd_link(ctx: Ctx, args: str) -> list[Outgoing]:
    code = args.strip().split()[0] if args.strip() else ""
    if not code:
        return [ctx.say("groups.link_usage")]
    if ctx.incoming.is_chat_admin is not True:
        return [ctx.say("groups.not_admin")]
    unit = await unit_store.find_unit(ctx.conn, code)
    if unit is None or unit.retired_at is not None:
        return [ctx.say("groups.unknown_unit", code=code[:40])]
    if not await _may_bind(ctx, unit):
        return [ctx.say("groups.not_allowed", unit=unit.name)]
    channel, chat_id = str(ctx.incoming.channel), ctx.incoming.chat_id
    before = await group_store.binding_for(ctx.conn, channel, chat_id)
    await group_store.bind_group(ctx.conn, channel, chat_id, unit.id, now=ctx.now, bound_by=ctx.actor,
                                 title=ctx.incoming.chat_title)
    await audit.record(
        ctx.conn, actor=ctx.actor, action="group.bind", entity="group", entity_id=f"{channel}:{chat_id}",
        before=None if before is None else {"unit_id": before.unit_id}, after={"unit_id": unit.id},
        now=ctx.now,
    )
    return [ctx.say("groups.linked", unit=unit.name, code=unit.code)]


async def cmd_unlink(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.incoming.is_chat_admin is not True:
        return [ctx.say("groups.not_admin")]
    channel, chat_id = str(ctx.incoming.channel), ctx.incoming.chat_id
    if not await group_store.unbind_group(ctx.conn, channel, chat_id, now=ctx.now):
        return [ctx.say("groups.not_linked")]
    await audit.record(ctx.conn, actor=ctx.actor, action="group.unbind", entity="group",
                       entity_id=f"{channel}:{chat_id}", now=ctx.now)
    return [ctx.say("groups.unlinked")]


def _when(ctx: Ctx, status: str, days: int) -> str:
    if status in DONE:
        return ctx.t(f"groups.status.{status}")
    if days > 0:
        return ctx.t("groups.status.days_left", days=days)
    if days == 0:
        return ctx.t("groups.status.due_today")
    return ctx.t("groups.status.overdue", days=-days)


async def cmd_status(ctx: Ctx, args: str) -> list[Outgoing]:
    binding = await group_store.binding_for(ctx.conn, str(ctx.incoming.channel), ctx.incoming.chat_id)
    if binding is None:
        return [ctx.say("groups.not_linked")]
    unit = await unit_store.get_unit(ctx.conn, binding.unit_id)
    lines = [ctx.t("groups.status.title", unit=unit.name)]
    statuses = await unit_rounds(ctx.conn, unit.id)
    for st in statuses:
        title = st.round.title_en if ctx.lang == "en" and st.round.title_en else st.round.title
        lines.append(ctx.t(
            "groups.status.line", title=title, deadline=render.date_vn(st.round.deadline),
            state=ctx.t(f"groups.state.{st.status}"), when=_when(ctx, st.status, st.days_left(ctx.today)),
        ))
    if not statuses:
        lines.append(ctx.t("groups.status.no_rounds"))
    officers = await officer_store.officers_of_unit(ctx.conn, unit.id)
    names = ", ".join(f"{o.full_name} ({o.position})" for o in officers)
    lines.append(ctx.t("groups.status.responsible", names=names or ctx.t("groups.status.nobody")))
    return [Outgoing(text="\n".join(lines))]


async def cmd_private_only(ctx: Ctx, args: str) -> list[Outgoing]:
    link = PRIVATE_CHAT_LINKS.get(str(ctx.incoming.channel))
    if link is None:
        return [ctx.say("common.private_only")]
    return [ctx.say("groups.private_only", link=link)]


def _pointer_names(own: Sequence[Command]) -> tuple[str, ...]:
    """Names of the private-only commands people may try in a group."""
    from handlers.flows import registration, report

    taken = {n for c in own for n in c.names}
    names = [
        n for module in (registration, report) for c in module.COMMANDS
        if c.private_only and c.scope != "group" for n in c.names if n not in taken
    ]
    return tuple(dict.fromkeys(names))


_OWN = [
    Command(("link", "lienket"), cmd_link, "group", "groups.cmd.link"),
    Command(("status", "tiendo"), cmd_status, "group", "groups.cmd.status"),
    Command(("unlink", "huylienket"), cmd_unlink, "group", "groups.cmd.unlink"),
]
COMMANDS: list[Command] = [
    *_OWN,
    Command(_pointer_names(_OWN), cmd_private_only, "group", "", menu=False),
]


# ---- wiring for the composition root ------------------------------------------------

ChatCallback = Callable[[Channel, str, str], Awaitable[None]]


def adapter_callbacks(rt: Runtime, channel: Channel) -> dict[str, object]:
    """``on_unreachable``, ``on_migrate`` and ``admin_chats`` for a channel adapter."""

    async def on_unreachable(ch: Channel, chat_id: str, reason: str) -> None:
        async with rt.begin() as conn:
            await officer_store.mark_unreachable(conn, str(ch), chat_id, reason, rt.clock.now())
            if await group_store.binding_for(conn, str(ch), chat_id) is not None:
                log.warning("bound group %s:%s is unreachable: %s", ch, chat_id, reason)

    async def on_migrate(ch: Channel, old: str, new: str) -> None:
        async with rt.begin() as conn:
            if await group_store.move_group(conn, str(ch), old, new):
                await audit.record(conn, actor=f"{ch}:platform", action="group.migrate",
                                   entity="group", entity_id=f"{ch}:{new}",
                                   before={"chat_id": old}, after={"chat_id": new}, now=rt.clock.now())

    async def admin_chats() -> list[str]:
        async with rt.begin() as conn:
            return await group_store.admin_user_ids(conn, str(channel))

    return {"on_unreachable": on_unreachable, "on_migrate": on_migrate, "admin_chats": admin_chats}
