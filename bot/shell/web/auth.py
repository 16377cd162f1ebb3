"""Signing in with a one-time link and out again.

``GET /admin/login/<token>`` only shows a button: chat apps open links to
draw previews, and such a visit must not spend the link. The button POSTs,
which redeems it (once, within 10 minutes) and sets the session cookie:
HttpOnly, SameSite=Lax, Secure when the pages are served over HTTPS, for
``DVBOT_WEB_SESSION_HOURS``. Sign-out (a POST with the CSRF token) ends the
session on the server and clears the cookie."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.services import web_auth
from bot.shell.web.actions import BadToken
from bot.shell.web.gate import COOKIE, signed_in, web_of
from bot.shell.web.render import PREFIX, form_of, page


async def login_form(request: Request) -> Response:
    web = web_of(request)
    return page(request, "login.html", web.rt.settings.locale, token=request.path_params["token"])


async def login(request: Request) -> Response:
    web = web_of(request)
    settings = web.rt.settings
    async with web.rt.begin() as conn:
        opened = await web_auth.redeem(conn, request.path_params["token"][:200], now=web.rt.clock.now(),
                                       hours=settings.web_session_hours)
    if opened is None:
        return page(request, "link_refused.html", settings.locale, status_code=403)
    response = RedirectResponse(PREFIX + "/", status_code=303)
    response.set_cookie(COOKIE, opened.token, max_age=settings.web_session_hours * 3600, path=PREFIX,
                        httponly=True, secure=web_auth.secure(settings), samesite="lax")
    return response


async def logout(request: Request) -> Response:
    form = await form_of(request)
    given = form.get("csrf")
    async with signed_in(request) as v:
        if not web_auth.csrf_ok(v.session, given):
            raise BadToken()
        await web_auth.end(v.conn, request.cookies.get(COOKIE), now=v.rt.clock.now())
        lang = v.lang
    response = page(request, "signed_out.html", lang)
    response.delete_cookie(COOKIE, path=PREFIX, httponly=True, secure=web_auth.secure(web_of(request).rt.settings),
                           samesite="lax")
    return response
