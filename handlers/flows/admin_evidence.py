"""/minhchung (/evidence) MC-…: an admin gets an evidence file back, as the
file itself where the channel can deliver one (Telegram, the console), with
its name, type and size. Only files sent by an officer of a unit inside the
admin's scope."""

from __future__ import annotations

from bot.core.errors import OutOfScope
from bot.core.messages import Outgoing
from bot.domain.evidence_files import reference
from bot.services import evidence
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.admin_scope import scope_ids


async def cmd_evidence(ctx: Ctx, args: str) -> list[Outgoing]:
    allowed = await scope_ids(ctx)
    ref = args.strip()
    if not ref:
        return [ctx.say("evidence.usage")]
    file = await evidence.find(ctx.conn, ref)
    unit = await evidence.unit_of(ctx.conn, file)
    if unit is None or unit not in allowed:
        raise OutOfScope("evidence outside the admin's scope", code=reference(file.sha256))
    data = await evidence.content(ctx.rt, file)
    name = file.name or reference(file.sha256)
    text = ctx.t("evidence.sent", ref=reference(file.sha256), name=name, mime=file.mime,
                 size=f"{file.size / 1024:.0f}")
    return [Outgoing(text=text, document=(name, data))]


COMMANDS = [
    Command(("evidence", "minhchung"), cmd_evidence, "admin", "admin.cmd.evidence"),
]
