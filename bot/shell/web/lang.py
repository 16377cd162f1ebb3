"""The language switch (``POST /admin/lang``, with the CSRF token): the
admin's choice is stored as the language of their chat session — the one
``/language`` sets, which the chat also speaks — so it stays for that admin
across sessions, devices and the chat. Back to the page it was pressed on
(a path of these pages only: never a redirect elsewhere)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.services import sessions
from bot.services.web_auth import csrf_ok
from bot.shell.web.actions import BadToken
from bot.shell.web.gate import signed_in
from bot.shell.web.render import PREFIX, form_of
from locales import LANGUAGES


def back_to(target: str | None) -> str:
    """``target`` if it is a path of these pages, else the overview."""
    if target and target.startswith(PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX + "/"


async def switch(request: Request) -> Response:
    form = await form_of(request)
    async with signed_in(request) as v:
        if not csrf_ok(v.session, form.get("csrf")):
            raise BadToken()
        wanted = form.get("lang", "")
        if wanted in LANGUAGES:
            await sessions.set_language(v.conn, v.session.channel, v.session.user_id, wanted, v.rt.clock.now())
    return RedirectResponse(back_to(form.get("next")), status_code=303)
