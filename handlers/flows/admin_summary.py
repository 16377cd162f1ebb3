"""/summary (/tongket) and /export (/xuat) for a round over the admin's scope."""

from __future__ import annotations

from bot.core.channels import capabilities
from bot.core.errors import UnknownRound as UnknownRound  # the old import path still works
from bot.core.messages import Option, Outgoing
from bot.domain.entities import StoredPlan
from bot.domain.status import STATUSES
from bot.domain.summary import summarize
from bot.domain.summary_data import Summary
from bot.services import reading, web_auth
from bot.services.admin_data import latest_plan, latest_plans, load_round, round_named
from bot.services.export import workbook_bytes
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.admin_scope import admin_roots, revoked, target_roots
from handlers.flows.names import Flow
from handlers.views import render
from handlers.views.admin import pack, summary_texts
from handlers.views.reading import waiting_lines


async def resolve_round(ctx: Ctx, spec: str) -> tuple[StoredPlan, str]:
    """The newest plan holding round ``spec``; raises ``UnknownRound``."""
    return await round_named(ctx.conn, spec)


async def pick_round(ctx: Ctx, command: str, unit: str | None) -> list[Outgoing]:
    """No round given: offer every round of the newest plans as a numbered list."""
    choices: list[list[str]] = []
    options: list[Option] = []
    for stored in await latest_plans(ctx.conn):
        for rnd in stored.plan.dated_rounds:
            choices.append([stored.code, rnd.id])
            title = rnd.title_en if ctx.lang == "en" and rnd.title_en else rnd.title
            label = ctx.t("admin.pick.line", n=len(choices), title=title, round=rnd.id,
                          deadline=render.date_vn(rnd.due))
            options.append(Option(label, str(len(choices))))
    if not choices:
        return [ctx.say("admin.no_plans")]
    ctx.enter(Flow.ADMIN_PICK, {"command": command, "choices": choices, "unit": unit})
    text = "\n".join([ctx.t("admin.pick.title"), render.numbered(tuple(options)),
                      ctx.t("admin.pick.hint", numbers=render.numbers_phrase(len(options), ctx.lang))])
    return [Outgoing(text=text, options=tuple(options))]


async def flow_pick(ctx: Ctx) -> list[Outgoing]:
    choices = ctx.state.get("choices", [])
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    n = int(text) if text.isdigit() else 0
    if not 1 <= n <= len(choices):
        return [ctx.say("admin.pick.again", numbers=render.numbers_phrase(len(choices), ctx.lang))]
    plan_code, round_id = choices[n - 1]
    command, unit = ctx.state.get("command"), ctx.state.get("unit")
    if gone := await revoked(ctx, codes=[unit] if unit else []):
        return gone
    ctx.enter(None)
    stored = await latest_plan(ctx.conn, plan_code)
    if stored is None:
        return [ctx.say("admin.no_plans")]
    roots = await target_roots(ctx, unit)
    if command == "export":
        return await send_export(ctx, stored, round_id, roots)
    return await send_summary(ctx, stored, round_id, roots)


def _args(args: str) -> tuple[str | None, str | None]:
    parts = args.split()
    return (parts[0] if parts else None), (parts[1] if len(parts) > 1 else None)


async def send_summary(ctx: Ctx, stored: StoredPlan, round_id: str, roots: list[int]) -> list[Outgoing]:
    data = await load_round(ctx.rt, ctx.conn, stored, round_id, roots)
    summary = summarize(data)
    replies = [Outgoing(text=text) for text in summary_texts(summary, ctx.lang)]
    waiting = waiting_lines(await reading.waiting(ctx.conn, data), round_id, ctx.lang)
    if waiting:  # prose answers a summary cannot count: whose are still unread
        replies += [Outgoing(text=text) for text in pack(waiting)]
    caps = capabilities(ctx.incoming.channel)
    if (caps.images or caps.notes_missing_media) and summary.total:  # a chart, or a note where to see it
        replies.append(Outgoing(text=ctx.t("admin.chart.caption"), image_png=chart_png(ctx, summary)))
    return replies


def chart_png(ctx: Ctx, summary: Summary) -> bytes:
    from handlers.views.charts import summary_chart  # matplotlib loads only when a chart is drawn

    labels = {k: ctx.t(f"admin.status.{k}") for k in STATUSES}
    labels |= {"title": ctx.t("admin.chart.status_title"), "bands_title": ctx.t("admin.chart.bands_title"),
               "others": ctx.t("admin.chart.others")}
    return summary_chart(summary, labels)


async def send_export(ctx: Ctx, stored: StoredPlan, round_id: str, roots: list[int]) -> list[Outgoing]:
    data = await load_round(ctx.rt, ctx.conn, stored, round_id, roots)
    content = workbook_bytes([data], ctx.lang, web_auth.evidence_base(ctx.rt.settings))
    name = f"bao-cao-{round_id}.xlsx"
    return [Outgoing(text=ctx.t("admin.export.sent", file=name, units=len(data.units)), document=(name, content))]


async def cmd_summary(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    spec, unit = _args(args)
    if spec is None:
        return await pick_round(ctx, "summary", None)
    stored, round_id = await resolve_round(ctx, spec)
    return await send_summary(ctx, stored, round_id, await target_roots(ctx, unit))


async def cmd_export(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    spec, unit = _args(args)
    if spec is None:
        return await pick_round(ctx, "export", None)
    stored, round_id = await resolve_round(ctx, spec)
    return await send_export(ctx, stored, round_id, await target_roots(ctx, unit))


COMMANDS = [
    Command(("summary", "tongket"), cmd_summary, "admin", "admin.cmd.summary"),
    Command(("export", "xuat"), cmd_export, "admin", "admin.cmd.export"),
]

FLOWS = {Flow.ADMIN_PICK: flow_pick}
