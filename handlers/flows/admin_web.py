"""/web: an admin gets a one-time link to the web page (valid 10 minutes,
usable once; ``bot/services/web_auth.py``). Officers and strangers are told
it is for admins."""

from __future__ import annotations

from bot.core.messages import Outgoing
from bot.services import web_auth
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.admin_scope import admin_roots


async def cmd_web(ctx: Ctx, args: str) -> list[Outgoing]:
    await admin_roots(ctx)  # NotAdmin: "only admins …"
    token = await web_auth.issue_link(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, now=ctx.now)
    url = web_auth.link_url(web_auth.base_url(ctx.rt.settings), token)
    minutes = int(web_auth.LINK_TTL.total_seconds() // 60)
    return [ctx.say("web.chat.link", url=url, minutes=minutes, hours=ctx.rt.settings.web_session_hours)]


COMMANDS = [Command(("web",), cmd_web, "admin", "web.cmd.web")]
