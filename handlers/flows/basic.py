"""/help, /status, /cancel, /language, and what to say outside any flow."""

from __future__ import annotations

import re

from bot.core.messages import Outgoing
from bot.services import registration, scope
from bot.services.progress import unit_rounds
from handlers.commands import Command, all_commands
from handlers.context import Ctx
from handlers.flows.names import Flow
from handlers.views import render
from handlers.views.submission import status_lines

_INVITE = re.compile(r"^[A-Za-z2-9]{8}$")
_LINK = re.compile(r"^[Ll][A-Za-z2-9]{7}$")
_GROUPED = re.compile(r"^[A-Za-z2-9]{4}[\s.-]+[A-Za-z2-9]{4}$")


async def cmd_help(ctx: Ctx, args: str) -> list[Outgoing]:
    lines = [ctx.t("help.title")]
    scopes = {"officer", "any"} if ctx.officer else {"any"}
    is_admin = await scope.is_admin(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id)
    if is_admin:
        scopes.add("admin")
    for cmd in all_commands():
        if cmd.menu and cmd.scope in scopes and cmd.description_key:
            aliases = " ".join(f"/{n}" for n in cmd.names)
            lines.append(f"{aliases} — {ctx.t(cmd.description_key)}")
    if ctx.officer is None and not is_admin:
        lines.append(ctx.t("help.register"))
    return [Outgoing(text="\n".join(lines))]


async def cmd_status(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    statuses = await unit_rounds(ctx.conn, ctx.officer.unit_id)
    if not statuses:
        return [ctx.say("report.no_plans")]
    lines = [ctx.t("status.title")]
    for st in statuses:
        lines += status_lines(ctx, st)
    for stored in {st.plan.code: st.plan for st in statuses}.values():
        for m in stored.plan.milestones:
            if m.date >= ctx.today:
                text = m.text_en if ctx.lang == "en" and m.text_en else m.text
                lines.append(ctx.t("status.milestone", date=render.date_vn(m.date), text=text))
    lines.append(ctx.t("status.hint"))
    return [Outgoing(text="\n".join(lines))]


async def cmd_cancel(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.flow == Flow.REPORT:
        from bot.domain.checklist.engine import Cancel
        from handlers.flows.report import run_walk

        return await run_walk(ctx, Cancel())
    had_flow = ctx.flow is not None
    ctx.enter(None)
    return [ctx.say("common.cancelled" if had_flow else "common.nothing_to_cancel")]


async def cmd_language(ctx: Ctx, args: str) -> list[Outgoing]:
    wanted = args.strip().lower()[:2]
    if wanted not in ("vi", "en"):
        return [ctx.say("common.language_usage")]
    ctx.lang = wanted
    if ctx.officer is not None:
        await registration.set_language(ctx.conn, ctx.officer, wanted)
    return [ctx.say("common.language_set")]


async def flow_idle(ctx: Ctx) -> list[Outgoing]:
    """Free text outside any flow: an invite or link code registers; anything
    else gets a short pointer to what the bot can do."""
    from handlers.flows.registration import accept_code, accept_link_code

    text = (ctx.incoming.text or "").strip()
    if ctx.incoming.attachment is not None:
        return [ctx.say("common.file_outside_flow")]
    # Codes are read aloud and often typed in two groups ("ABCD 2345", "abcd-2345").
    compact = re.sub(r"[\s.-]+", "", text) if _GROUPED.match(text) else text
    if ctx.officer is None and _LINK.match(compact):
        return await accept_link_code(ctx, compact)
    if _INVITE.match(compact):  # a registered officer is told they already are
        return await accept_code(ctx, compact)
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    return [ctx.say("common.idle_hint")]


COMMANDS = [
    Command(("help", "trogiup"), cmd_help, "any", "cmd.help", private_only=False),
    Command(("status", "tiendo"), cmd_status, "officer", "cmd.status"),
    Command(("cancel", "huy"), cmd_cancel, "any", "cmd.cancel"),
    Command(("language", "ngonngu"), cmd_language, "any", "cmd.language"),
]

FLOWS = {Flow.IDLE: flow_idle}
