"""/baocaoword (an officer: their unit's report of a round, drafted for
signature) and /tonghopword (an admin: the aggregated report of their scope),
as Word files. Sent as a document where the channel delivers files
(``ChannelCapabilities.files``); elsewhere the reply says the CLI command
that writes the same file."""

from __future__ import annotations

from bot.core.channels import capabilities
from bot.core.messages import Outgoing
from bot.services.admin_data import latest_plans, round_named
from bot.services.documents import file_name, scope_report_bytes, unit_report_bytes
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.admin_scope import admin_roots, target_roots


async def _usage(ctx: Ctx) -> list[Outgoing]:
    rounds = [r.id for stored in await latest_plans(ctx.conn) for r in stored.plan.rounds]
    return [ctx.say("documents.chat.usage_unit", example=rounds[0] if rounds else "6-thang",
                    rounds=", ".join(rounds) or "—")]


def _deliver(ctx: Ctx, text: str, name: str, content: bytes, command: str) -> list[Outgoing]:
    if capabilities(ctx.incoming.channel).delivers(name, len(content)):
        return [Outgoing(text=text, document=(name, content))]
    return [Outgoing(text=text), ctx.say("documents.chat.no_files", command=command)]


async def cmd_word_report(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    spec = args.split()[0] if args.split() else None
    if spec is None:
        return await _usage(ctx)
    stored, round_id = await round_named(ctx.conn, spec)
    content, unit = await unit_report_bytes(ctx.rt, ctx.conn, stored, round_id, ctx.officer.unit_id, ctx.lang)
    code = unit.code
    name = file_name(round_id, code)
    rnd = stored.plan.round(round_id)
    text = ctx.t("documents.chat.sent_unit", round=rnd.title_en if ctx.lang == "en" and rnd.title_en else rnd.title,
                 unit=code, file=name)
    command = f"dvbot report docx --round {round_id} --unit {code} --out {name}"
    return _deliver(ctx, text, name, content, command)


async def cmd_word_summary(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    parts = args.split()
    if not parts:
        return await _usage(ctx)
    stored, round_id = await round_named(ctx.conn, parts[0])
    roots = await target_roots(ctx, parts[1] if len(parts) > 1 else None)
    content, summary = await scope_report_bytes(ctx.rt, ctx.conn, stored, round_id, roots, ctx.lang)
    codes = [s.unit for s in summary.scope]
    name = file_name(round_id, "-".join(codes) or "pham-vi")
    text = ctx.t("documents.chat.sent_scope", round=summary.title_in(ctx.lang), done=summary.counts.done,
                 total=summary.total, file=name)
    command = " ".join(["dvbot report docx --round", round_id, *(f"--scope {c}" for c in codes[:1]), "--out", name])
    return _deliver(ctx, text, name, content, command)


COMMANDS = [
    Command(("word_report", "baocaoword"), cmd_word_report, "officer", "documents.cmd.word_report"),
    Command(("word_summary", "tonghopword"), cmd_word_summary, "admin", "documents.cmd.word_summary"),
]
