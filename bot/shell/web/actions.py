"""Accept and return from the web page: a confirmation page first, then a
POST carrying the session's CSRF token (compared in constant time). The
rules are the chat's (``handlers.flows.admin_review.accept_target`` and
``return_target``: the same checks, the same audit entries under the
admin's identity); a return's notice goes to the unit's officers through
their channel after the commit, as after /tralai."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.core.errors import NotFound, PermissionDenied
from bot.core.messages import Outgoing
from bot.services import review
from bot.services.review import Target
from bot.shell.web.gate import Hidden, Viewer, signed_in
from bot.shell.web.render import form_of, page
from bot.shell.web.unit import unit_named
from handlers.flows.admin_review import Refusal, accept_target, return_target
from locales import t

ACTIONS = ("accept", "return")


class BadToken(Exception):
    """The form's CSRF token is missing or is not the session's: 403."""


async def _target(v: Viewer, request: Request) -> Target:
    p = request.path_params
    if p["action"] not in ACTIONS:
        raise Hidden()
    unit = await unit_named(v, p["code"])
    try:
        return await review.resolve(v.conn, v.session.channel, v.session.user_id, unit.code,
                                    f"{p['plan']}/{p['round']}")
    except (NotFound, PermissionDenied) as exc:
        raise Hidden() from exc


def _title(tg: Target, lang: str) -> str:
    rnd = tg.plan.round(tg.round_id)
    return rnd.title_en if lang == "en" and rnd.title_en else rnd.title


async def confirm(request: Request) -> Response:
    async with signed_in(request) as v:
        tg = await _target(v, request)
        return page(request, "confirm.html", v.lang, v=v, tg=tg, action=request.path_params["action"],
                    title=_title(tg, v.lang), status=tg.sub.status if tg.sub else "not_started")


def _refusal_text(refusal: Refusal, lang: str) -> str:
    params = dict(refusal.params)
    if "status" in params:
        params["status"] = t(f"admin.status.{params['status']}", lang)
    return t(refusal.key, lang, **params)


async def act(request: Request) -> Response:
    form = await form_of(request)
    given = form.get("csrf")
    comment = form.get("comment")
    notices: list[Outgoing] = []
    async with signed_in(request) as v:
        from bot.services.web_auth import csrf_ok

        if not csrf_ok(v.session, given):
            raise BadToken()
        tg = await _target(v, request)
        action, lang, now = request.path_params["action"], v.lang, v.rt.clock.now()
        title, unit = _title(tg, lang), tg.unit
        if action == "accept":
            refusal = await accept_target(v.conn, tg, actor=v.actor, now=now)
        else:
            done = await return_target(v.conn, tg, comment or "", actor=v.actor,
                                       now=now)
            refusal = done if isinstance(done, Refusal) else None
            notices = [] if isinstance(done, Refusal) else done
    if refusal is not None:
        return page(request, "done.html", lang, v=v, unit=unit, ok=False, text=_refusal_text(refusal, lang),
                    status_code=409)
    if action == "accept":
        text = t("admin.review.accepted", lang, unit=unit.name, title=title)
    else:  # after the commit, as the chat flow does: "told" only if a chat took the notice
        delivered = [await v.web.deliver(n) for n in notices]
        key = "admin.review.returned" if any(delivered) else "admin.review.returned_undelivered"
        text = t(key, lang, unit=unit.name, title=title)
    return page(request, "done.html", lang, v=v, unit=unit, ok=True, text=text)
