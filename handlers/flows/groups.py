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

from collections.abc import Awaitable, Callable, Sequence

from bot.core.messages import Channel, Outgoing
from bot.domain.status import DONE
from bot.services import groups as group_service
from bot.services.runtime import Runtime
from handlers.commands import Command
from handlers.context import Ctx
from handlers.views import render

# Set by the composition root once each channel knows its bot (``https://t.me/<bot>``).
PRIVATE_CHAT_LINKS: dict[str, str] = {}


def set_private_chat_link(channel: Channel, url: str) -> None:
    PRIVATE_CHAT_LINKS[str(channel)] = url


async def cmd_link(ctx: Ctx, args: str) -> list[Outgoing]:
    code = args.strip().split()[0] if args.strip() else ""
    if not code:
        return [ctx.say("groups.link_usage")]
    if ctx.incoming.is_chat_admin is not True:
        return [ctx.say("groups.not_admin")]
    outcome, unit = await group_service.bind(
        ctx.conn, _chat(ctx), code, officer_unit_id=ctx.officer.unit_id if ctx.officer else None,
        actor=ctx.actor, now=ctx.now,
    )
    if unit is None:
        return [ctx.say("groups.unknown_unit", code=code[:40])]
    if outcome == "not_allowed":
        return [ctx.say("groups.not_allowed", unit=unit.name)]
    return [ctx.say("groups.linked", unit=unit.name, code=unit.code)]


def _chat(ctx: Ctx) -> group_service.Chat:
    inc = ctx.incoming
    return group_service.Chat(str(inc.channel), inc.chat_id, inc.user_id, inc.chat_title)


async def cmd_unlink(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.incoming.is_chat_admin is not True:
        return [ctx.say("groups.not_admin")]
    if not await group_service.unbind(ctx.conn, _chat(ctx), actor=ctx.actor, now=ctx.now):
        return [ctx.say("groups.not_linked")]
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
    found = await group_service.status(ctx.conn, str(ctx.incoming.channel), ctx.incoming.chat_id)
    if found is None:
        return [ctx.say("groups.not_linked")]
    lines = [ctx.t("groups.status.title", unit=found.unit.name)]
    for st in found.rounds:
        title = st.round.title_en if ctx.lang == "en" and st.round.title_en else st.round.title
        lines.append(ctx.t(
            "groups.status.line", title=title, deadline=render.date_vn(st.round.due),
            state=ctx.t(f"groups.state.{st.status}"), when=_when(ctx, st.status, st.days_left(ctx.today)),
        ))
    if not found.rounds:
        lines.append(ctx.t("groups.status.no_rounds"))
    names = ", ".join(f"{o.full_name} ({o.position})" for o in found.officers)
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
        await group_service.chat_unreachable(rt, str(ch), chat_id, reason)

    async def on_migrate(ch: Channel, old: str, new: str) -> None:
        await group_service.chat_migrated(rt, str(ch), old, new)

    async def admin_chats() -> list[str]:
        return await group_service.admin_chats(rt, str(channel))

    return {"on_unreachable": on_unreachable, "on_migrate": on_migrate, "admin_chats": admin_chats}
