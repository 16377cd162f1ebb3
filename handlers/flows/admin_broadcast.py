"""/broadcast (/thongbao): a message to the officers of every unit in scope
(or in one unit's subtree: ``/thongbao @CODE text``), confirmed first and
limited to one broadcast per admin every few minutes."""

from __future__ import annotations

import math

from bot.core.messages import Channel, Option, Outgoing
from bot.domain.entities import Recipient
from bot.services import broadcast as broadcast_service
from handlers.commands import Command
from handlers.context import Ctx, Deliver
from handlers.flows.admin_scope import admin_roots, revoked, target_roots
from handlers.flows.names import Flow
from handlers.views import render
from locales import t

MAX_TEXT = 1500


def _me(ctx: Ctx) -> tuple[str, str]:
    return str(ctx.incoming.channel), ctx.incoming.chat_id


async def _recipients(ctx: Ctx, roots: list[int]) -> list[Recipient]:
    return await broadcast_service.recipients(ctx.conn, roots, exclude=_me(ctx))


async def cmd_broadcast(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    text = args.strip()
    unit = None
    if text.startswith("@"):
        head, _, text = text.partition(" ")
        unit = head[1:]
        text = text.strip()
    if not text:
        return [ctx.say("admin.broadcast.usage")]
    if len(text) > MAX_TEXT:
        return [ctx.say("admin.broadcast.too_long", max=MAX_TEXT)]
    roots = await target_roots(ctx, unit)
    recipients = await _recipients(ctx, roots)
    if not recipients:
        return [ctx.say("admin.broadcast.nobody")]
    ctx.enter(Flow.ADMIN_BROADCAST, {"text": text, "roots": roots})
    options = (Option(ctx.t("admin.broadcast.opt_send"), "1"), Option(ctx.t("admin.broadcast.opt_cancel"), "2"))
    numbered = tuple(Option(f"{o.value}. {o.label}", o.value) for o in options)
    body = ctx.t("admin.broadcast.confirm", officers=len(recipients), units=len({r.unit_id for r in recipients}),
                 text=text)
    return [Outgoing(text=body + "\n" + render.numbered(numbered), options=numbered)]


async def flow_broadcast(ctx: Ctx) -> list[Outgoing]:
    answer = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    text, roots = str(ctx.state.get("text", "")), list(ctx.state.get("roots", []))
    if answer not in ("1", "2"):
        return [ctx.say("admin.broadcast.confirm_again")]
    ctx.enter(None)
    if answer == "2":
        return [ctx.say("admin.broadcast.cancelled")]
    if gone := await revoked(ctx, roots):  # every unit it was confirmed for, still in scope?
        return gone
    sent = await broadcast_service.broadcast(ctx.conn, text, roots, exclude=_me(ctx), actor=ctx.actor, now=ctx.now)
    if sent.wait is not None:
        return [ctx.say("admin.broadcast.too_soon", minutes=max(1, math.ceil(sent.wait.total_seconds() / 60)))]
    pushes = [
        Outgoing(text=t("admin.broadcast.message", r.locale, text=text), chat_id=r.chat_id,
                 channel=Channel(r.channel))
        for r in sent.recipients
    ]

    async def tell_admin(deliver: Deliver) -> list[Outgoing]:
        # After the commit: the admin hears how many chats actually took it.
        delivered = sum([await deliver(p) for p in pushes])
        return [Outgoing(text=sent_text(ctx, delivered, len(pushes)), lang=ctx.lang)]

    ctx.after_commit(tell_admin)
    return []


def sent_text(ctx: Ctx, delivered: int, total: int) -> str:
    if delivered == total:
        return ctx.t("admin.broadcast.sent", officers=total)
    if delivered == 0:
        return ctx.t("admin.broadcast.sent_none", officers=total)
    return ctx.t("admin.broadcast.sent_partly", sent=delivered, officers=total, failed=total - delivered)


COMMANDS = [Command(("broadcast", "thongbao"), cmd_broadcast, "admin", "admin.cmd.broadcast")]

FLOWS = {Flow.ADMIN_BROADCAST: flow_broadcast}
