"""Invites, admin grants and the admin command list, from chat."""

from __future__ import annotations

import datetime as dt

from bot.core.messages import Channel, Option, Outgoing
from bot.domain.entities import Unit
from bot.services import grants
from handlers.commands import Command, all_commands
from handlers.context import Ctx
from handlers.flows.admin_scope import admin_roots, revoked, scope_ids, unit_in_scope
from handlers.flows.names import Flow
from handlers.views import render

INVITE_DAYS = 30
MAX_INVITES = 20
CHANNELS = tuple(str(c) for c in Channel)  # every channel an identity may live on


def deep_link(bot_username: str | None, code: str) -> str | None:
    """A Telegram link that opens the bot with the code filled in."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}" if bot_username else None


def parse_user(text: str) -> tuple[str, str] | None:
    """``zalo:123`` → ("zalo", "123")."""
    channel, sep, user = text.strip().partition(":")
    channel = channel.lower()
    if not sep or channel not in CHANNELS or not user or len(user) > 128:
        return None
    return channel, user


async def cmd_invite(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    parts = args.split()
    if not parts:
        return [ctx.say("admin.invite.usage")]
    unit = await unit_in_scope(ctx, parts[0])
    count = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
    count = max(1, min(MAX_INVITES, count))
    officers = await grants.officers_of(ctx.conn, unit)
    if not officers:
        return await _invite(ctx, unit, count)
    # A second officer is rare and a stray code is a way in: ask first.
    ctx.enter(Flow.ADMIN_INVITE, {"unit": unit.code, "count": count})
    options = (Option(f"1. {ctx.t('admin.invite.opt_make')}", "1"), Option(f"2. {ctx.t('admin.invite.opt_cancel')}", "2"))
    body = ctx.t("admin.invite.has_officer", unit=unit.name, code=unit.code,
                 officers=", ".join(o.full_name for o in officers))
    return [Outgoing(text=body + "\n" + render.numbered(options), options=options)]


async def flow_invite(ctx: Ctx) -> list[Outgoing]:
    answer = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    if answer not in ("1", "2"):
        return [ctx.say("admin.invite.confirm_again")]
    code, count = str(ctx.state.get("unit", "")), int(ctx.state.get("count", 1))
    ctx.enter(None)
    if answer == "2":
        return [ctx.say("admin.invite.cancelled")]
    if gone := await revoked(ctx, codes=[code]):
        return gone
    return await _invite(ctx, await unit_in_scope(ctx, code), count)


async def _invite(ctx: Ctx, unit: Unit, count: int) -> list[Outgoing]:
    codes = await grants.invite(ctx.conn, unit, count, days=INVITE_DAYS, actor=ctx.actor, now=ctx.now)
    until = ctx.local(ctx.now + dt.timedelta(days=INVITE_DAYS)).date()
    username = getattr(ctx.rt.settings, "telegram_bot_username", None)
    lines = [ctx.t("admin.invite.title", unit=unit.name, code=unit.code, date=render.date_vn(until))]
    for code in codes:
        link = deep_link(username, code)
        lines.append(f"• {code}" + (f" — {link}" if link else ""))
    lines.append(ctx.t("admin.invite.hint"))
    return [Outgoing(text="\n".join(lines))]


async def cmd_grant(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    parts = args.split(maxsplit=2)
    user = parse_user(parts[0]) if parts else None
    if user is None or len(parts) < 2:
        return [ctx.say("admin.grant.usage")]
    unit = await unit_in_scope(ctx, parts[1])
    name = parts[2].strip()[:200] if len(parts) > 2 else None
    added = await grants.grant(ctx.conn, user, unit, name=name, actor=ctx.actor, now=ctx.now)
    return [ctx.say("admin.grant.done" if added else "admin.grant.exists", user=f"{user[0]}:{user[1]}",
                    unit=unit.name, code=unit.code)]


async def cmd_revoke(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    parts = args.split()
    user = parse_user(parts[0]) if parts else None
    if user is None or len(parts) < 2:
        return [ctx.say("admin.revoke.usage")]
    if user == (str(ctx.incoming.channel), ctx.incoming.user_id):
        return [ctx.say("admin.revoke.self")]
    unit = await unit_in_scope(ctx, parts[1])
    removed = await grants.revoke(ctx.conn, user, unit, actor=ctx.actor, now=ctx.now)
    return [ctx.say("admin.revoke.done" if removed else "admin.revoke.none", user=f"{user[0]}:{user[1]}",
                    code=unit.code)]


async def cmd_admins(ctx: Ctx, args: str) -> list[Outgoing]:
    allowed = await scope_ids(ctx)
    rows = await grants.admins_within(ctx.conn, allowed)
    lines = [ctx.t("admin.list.title", count=len(rows))]
    lines += [f"• {a.channel}:{a.user_id}{f' ({a.name})' if a.name else ''} — {a.unit_code} {a.unit_name}"
              for a in rows[:60]]
    return [Outgoing(text="\n".join(lines))]


async def cmd_admin_help(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)
    lines = [ctx.t("admin.help.title")]
    for cmd in all_commands():
        if cmd.scope == "admin" and cmd.description_key:
            lines.append(f"{' '.join('/' + n for n in cmd.names)} — {ctx.t(cmd.description_key)}")
    return [Outgoing(text="\n".join(lines))]


COMMANDS = [
    Command(("admin", "quantri"), cmd_admin_help, "admin", "admin.cmd.help"),
    Command(("invite", "moi"), cmd_invite, "admin", "admin.cmd.invite"),
    Command(("grant", "capquyen"), cmd_grant, "admin", "admin.cmd.grant"),
    Command(("revoke", "thuhoiquyen"), cmd_revoke, "admin", "admin.cmd.revoke"),
    Command(("admins", "dsquantri"), cmd_admins, "admin", "admin.cmd.admins"),
]

FLOWS = {Flow.ADMIN_INVITE: flow_invite}
