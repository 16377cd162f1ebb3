"""The reminder plan of the next days (``/admin/reminders?days=14``): each
reminder the planner will queue within the admin's scope — when, which
round, which kind, to whom and on which channel — and the open units it
cannot reach, with the reason. Worked out by
:mod:`bot.services.reminders.outlook` (the planner's own rules), read-only."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from bot.channels.zalo_oa.adapter import WINDOW
from bot.core.text import format_datetime, small_number
from bot.services.reminders.outlook import Outlook, outlook
from bot.shell.web.gate import signed_in
from bot.shell.web.render import page
from handlers.views.reminders import title
from locales import t

DAYS, MAX_DAYS = 14, 31
KINDS = ("before", "due_today", "overdue", "escalation", "group", "digest", "unreachable")
WHY = ("none", "unreachable", "outside_window")


@dataclass(frozen=True)
class Line:
    at: str
    round: str
    kind: str
    unit: str
    code: str
    who: str
    channel: str
    note: str


def _round_title(o: Outlook, plan_code: str, round_id: str, lang: str) -> str:
    found = o.round_of(plan_code, round_id)
    return title(found[1], lang) if found else t("web.plan.all_rounds", lang)


def _lines(o: Outlook, lang: str, tz: object) -> list[Line]:
    tree = o.world.tree
    out = []
    for p in o.planned:
        unit = tree.get(p.unit_id) if p.unit_id is not None else None
        note = ""
        if p.outside_window:
            note = t("web.plan.note_outside", lang)
        elif p.kind == "escalation":
            note = t("web.plan.note_units", lang, n=p.units)
        who = p.who or t(f"web.plan.recipient.{p.recipient_kind}", lang)
        out.append(Line(format_datetime(p.due_at.astimezone(tz)),  # type: ignore[arg-type]
                        _round_title(o, p.plan_code, p.round_id, lang), t(f"web.plan.kind.{p.kind}", lang),
                        unit.name if unit else "", unit.code if unit else "", who, p.channel, note))
    return out


async def reminder_plan(request: Request) -> Response:
    asked = small_number(request.query_params.get("days", "")[:3])
    days = asked if asked is not None and 1 <= asked <= MAX_DAYS else DAYS
    async with signed_in(request) as v:
        o = await outlook(v.rt, v.conn, scope=v.allowed, viewer=(v.session.channel, v.session.user_id),
                          days=days, window=WINDOW)
        lang, tz = v.lang, v.rt.settings.tz
        tree = o.world.tree
        unreached = [{"unit": tree[u.unit_id].name, "code": tree[u.unit_id].code,
                      "round": _round_title(o, u.plan_code, u.round_id, lang),
                      "why": t(f"web.plan.why.{u.why}", lang), "officer": u.officer, "channel": u.channel,
                      "since": format_datetime(u.since.astimezone(tz)) if u.since else "",
                      "reason": u.reason or ""} for u in o.unreached]
        return page(request, "reminder_plan.html", lang, v=v, days=days, lines=_lines(o, lang, tz),
                    unreached=unreached, start=o.start.strftime("%d/%m/%Y"), end=o.end.strftime("%d/%m/%Y"),
                    choices=(7, 14, 31))
