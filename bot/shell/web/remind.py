""""Send reminders now" from the web page: the chat's /nhac over the same
home (:mod:`bot.services.reminders.manual`: ``load_world``, ``plan``,
``queue``, ``COOLDOWN``). A confirmation page (GET) shows what /nhac's
confirmation shows for the admin's scope *now*; the POST, with the session's
CSRF token, plans again and queues in the same transaction as the scope
check (``gate.signed_in``), the reminders naming the admin (``by``) as /nhac
does. A second press within the cool-down queues nothing and says so."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bot.domain.entities import StoredPlan
from bot.domain.plan.model import Round
from bot.services.reminders import manual
from bot.services.web_auth import csrf_ok
from bot.shell.web.actions import BadToken
from bot.shell.web.gate import Hidden, Viewer, signed_in
from bot.shell.web.render import form_of, page
from handlers.views.reminders import title
from handlers.views.render import date_vn
from locales import t

HOURS = int(manual.COOLDOWN.total_seconds() // 3600)
WHY = {"none": "web.remind.unreached_none", "unreachable": "web.remind.unreached_unreachable"}


async def _round(v: Viewer, request: Request) -> tuple[manual.World, StoredPlan, Round]:
    """The world and the round named by the URL (one of /nhac's rounds), else 404."""
    world = await manual.load_world(v.conn)
    p = request.path_params
    for stored, rnd in manual.rounds(world):
        if stored.code == p["plan"] and rnd.id == p["round"]:
            return world, stored, rnd
    raise Hidden()


async def _plan(v: Viewer, request: Request) -> tuple[Round, dict[str, Any]]:
    world, stored, rnd = await _round(v, request)
    return rnd, await manual.plan(v.conn, world, stored, rnd, set(v.roots), v.rt.clock.now())


def _lines(rnd: Round, state: dict[str, Any], lang: str) -> tuple[str, list[str], list[str]]:
    """What /nhac's confirmation says: the head line, the notes (cool-down,
    the unreachable units' count) and one line per unit no reminder reaches."""
    name = title(rnd, lang)
    people = state["people"]
    if people:
        head = t("web.remind.confirm", lang, round=name, deadline=date_vn(rnd.due), people=len(people),
                 units=len({p[0] for p in people}))
    else:
        head = t("web.remind.nothing", lang, round=name, hours=HOURS)
    notes = [t("web.remind.cooldown", lang, count=state["cooling"], hours=HOURS)] if state["cooling"] else []
    unreached = state["unreached"]
    if unreached:
        notes.append(t("web.remind.unreached", lang, count=len(unreached)))
    return head, notes, [t(WHY[why], lang, unit=unit) for unit, why in unreached]


async def confirm(request: Request) -> Response:
    async with signed_in(request) as v:
        rnd, state = await _plan(v, request)
        head, notes, unreached = _lines(rnd, state, v.lang)
        return page(request, "remind.html", v.lang, v=v, plan=request.path_params["plan"], round_id=rnd.id,
                    round_title=title(rnd, v.lang), head=head, notes=notes, unreached=unreached,
                    people=len(state["people"]))


async def send(request: Request) -> Response:
    form = await form_of(request)
    async with signed_in(request) as v:
        if not csrf_ok(v.session, form.get("csrf")):
            raise BadToken()
        rnd, state = await _plan(v, request)  # the scope and the cool-down as they are now
        count = await manual.queue(v.conn, state, actor=v.actor, now=v.rt.clock.now())
        lang = v.lang
    text = (t("web.remind.queued", lang, count=count) if count
            else t("web.remind.none_queued", lang, round=title(rnd, lang), hours=HOURS))
    return page(request, "remind_done.html", lang, v=v, round_title=title(rnd, lang), ok=bool(count), text=text)
