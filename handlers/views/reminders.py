"""Reminder texts, rendered when a row is sent (so progress is current).

``render`` returns the message, or a reason string when the row must not be
sent any more (the unit submitted, the deadline moved, nothing left to say).
Texts are short, in the recipient's language, and name the round, the
deadline (dd/mm/yyyy), days left or overdue, what is missing and how to go on.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.messages import Outgoing
from bot.domain.plan.model import Round
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.policy import days_left
from bot.domain.status import DONE
from bot.services.progress import RoundStatus, round_status
from handlers.views.render import date_vn
from locales import t
from storage import officers as officer_store
from storage import plans as plan_store
from storage import units as unit_store
from storage.plans import StoredPlan
from storage.reminders import ReminderRow
from storage.submissions import submissions_for_round

MAX_LINES = 30  # units listed in one roll-call or digest; the rest are counted


def title(rnd: Round, lang: str) -> str:
    return rnd.title_en if lang == "en" and rnd.title_en else rnd.title


def when(deadline: dt.date, today: dt.date, lang: str) -> str:
    n = days_left(deadline, today)
    if n > 0:
        return t("reminders.when.before", lang, days=n)
    if n == 0:
        return t("reminders.when.today", lang)
    return t("reminders.when.overdue", lang, days=-n)


def rest_note(cal: WorkCalendar, deadline: dt.date, today: dt.date, lang: str) -> str | None:
    """Said before the deadline when the deadline is a rest day."""
    if cal.is_working_day(deadline) or today > deadline:
        return None
    name = cal.rest_day_name(deadline, lang)
    if name is None:
        wd = deadline.weekday()
        name = t("reminders.day.sat" if wd == 5 else "reminders.day.sun" if wd == 6 else "reminders.day.off", lang)
    return t("reminders.rest_day", lang, deadline=date_vn(deadline), day=name)


def progress(st: RoundStatus, lang: str) -> str:
    key = st.status if st.status in ("not_started", "returned") else "draft"
    return t(f"reminders.progress.{key}", lang, answered=st.answered, total=st.total, missing=st.missing)


def unit_status_word(st: RoundStatus, lang: str) -> str:
    key = st.status if st.status in ("not_started", "returned") else "draft"
    return t(f"reminders.status.{key}", lang, answered=st.answered, total=st.total)


async def officer_names(conn: AsyncConnection, unit_id: int, lang: str) -> str:
    names = [o.full_name for o in await officer_store.officers_of_unit(conn, unit_id)]
    return ", ".join(names) or t("reminders.group.no_officer", lang)


class Renderer:
    def __init__(self, cal: WorkCalendar, tz: zoneinfo.ZoneInfo) -> None:
        self.cal = cal
        self.tz = tz

    async def render(self, conn: AsyncConnection, row: ReminderRow, now: dt.datetime) -> Outgoing | str:
        lang = str(row.payload.get("lang") or "vi")
        today = now.astimezone(self.tz).date()
        if "text" in row.payload:
            return Outgoing(text=str(row.payload["text"]))
        if row.kind == "digest":
            return await self.digest(conn, row, today, lang)
        stored = await plan_store.latest_plan(conn, row.plan_code)
        if stored is None:
            return "plan gone"
        try:
            rnd = stored.plan.round(row.round_id)
        except KeyError:
            return "round gone"
        if row.payload.get("deadline") not in (None, rnd.deadline.isoformat()):
            return "deadline changed"  # the new deadline gets its own rows
        if row.kind == "escalation":
            return await self.escalation(conn, stored, rnd, set(row.payload.get("units", [])), today, lang)
        assert row.unit_id is not None
        if row.kind == "group" and row.payload.get("mode") == "rollup":
            return await self.rollup(conn, stored, rnd, row.unit_id, today, lang)
        st = await round_status(conn, row.unit_id, stored, rnd.id)
        if st.status in DONE:
            return "submitted"
        return Outgoing(text=await self.unit_text(conn, row.kind, st, row.unit_id, today, lang, row.payload))

    async def unit_text(
        self, conn: AsyncConnection, kind: str, st: RoundStatus, unit_id: int, today: dt.date,
        lang: str, payload: dict[str, Any] | None = None,
    ) -> str:
        rnd = st.round
        common = {"round": title(rnd, lang), "deadline": date_vn(rnd.deadline), "when": when(rnd.deadline, today, lang)}
        if kind == "group":
            unit = await unit_store.get_unit(conn, unit_id)
            text = t("reminders.group.unit", lang, unit=unit.name, officers=await officer_names(conn, unit_id, lang),
                     answered=st.answered, total=st.total, **common)
            note = rest_note(self.cal, rnd.deadline, today, lang)
            return text if note is None else f"{text}\n{note}"
        if kind == "unreachable":
            unit = await unit_store.get_unit(conn, unit_id)
            payload = payload or {}
            return t("reminders.unreachable", lang, round=common["round"], unit=unit.name,
                     officer=payload.get("officer", "?"), channel=str(payload.get("via", "?")).capitalize())
        head = t("reminders.manual" if kind == "manual" else "reminders.officer", lang, **common)
        lines = [head, progress(st, lang)]
        note = rest_note(self.cal, rnd.deadline, today, lang)
        if note:
            lines.append(note)
        lines.append(t("reminders.continue", lang))
        return "\n".join(lines)

    async def open_units(
        self, conn: AsyncConnection, stored: StoredPlan, rnd: Round, roots: set[int]
    ) -> tuple[list[tuple[str, RoundStatus]], int]:
        """Units under ``roots`` that have not submitted (name, status), and how many units there are."""
        from bot.services.reminders.planner import load_world

        world = await load_world(conn, [stored])
        applicable = world.reporting(stored.plan)
        subs = await submissions_for_round(conn, stored.code, rnd.id)
        covered = sorted(u for u in applicable if roots & set(world.ancestors(u)))
        out = []
        for uid in covered:
            sub = subs.get(uid)
            if sub is not None and sub.status in DONE:
                continue
            unit = await unit_store.get_unit(conn, uid)
            out.append((unit.name, await round_status(conn, uid, stored, rnd.id)))
        return sorted(out, key=lambda x: x[0]), len(covered)

    async def rollup(
        self, conn: AsyncConnection, stored: StoredPlan, rnd: Round, root: int, today: dt.date, lang: str
    ) -> Outgoing | str:
        pending, total = await self.open_units(conn, stored, rnd, {root})
        if not pending:
            return "all submitted"
        lines = [t("reminders.group.rollup", lang, round=title(rnd, lang), deadline=date_vn(rnd.deadline),
                   when=when(rnd.deadline, today, lang), count=len(pending), total=total)]
        lines += [t("reminders.group.line", lang, unit=name, status=unit_status_word(st, lang))
                  for name, st in pending[:MAX_LINES]]
        if len(pending) > MAX_LINES:
            lines.append(t("reminders.group.more", lang, count=len(pending) - MAX_LINES))
        note = rest_note(self.cal, rnd.deadline, today, lang)
        return Outgoing(text="\n".join(lines + ([note] if note else [])))

    async def escalation(
        self, conn: AsyncConnection, stored: StoredPlan, rnd: Round, units: set[int], today: dt.date, lang: str
    ) -> Outgoing | str:
        subs = await submissions_for_round(conn, stored.code, rnd.id)
        still = sorted(u for u in units if (s := subs.get(u)) is None or s.status not in DONE)
        if not still:
            return "all submitted"
        lines = [t("reminders.escalation.title", lang, round=title(rnd, lang), deadline=date_vn(rnd.deadline),
                   when=when(rnd.deadline, today, lang), count=len(still))]
        for uid in still[:MAX_LINES]:
            unit = await unit_store.get_unit(conn, uid)
            st = await round_status(conn, uid, stored, rnd.id)
            lines.append(t("reminders.escalation.line", lang, unit=unit.name, status=unit_status_word(st, lang),
                           officers=await officer_names(conn, uid, lang)))
        if len(still) > MAX_LINES:
            lines.append(t("reminders.group.more", lang, count=len(still) - MAX_LINES))
        lines.append(t("reminders.escalation.hint", lang))
        return Outgoing(text="\n".join(lines))

    async def digest(self, conn: AsyncConnection, row: ReminderRow, today: dt.date, lang: str) -> Outgoing | str:
        roots = set(row.payload.get("scope", []))
        lines = [t("reminders.digest.title", lang, date=date_vn(today))]
        listed = 0
        for plan_code, round_id in row.payload.get("rounds", []):
            stored = await plan_store.latest_plan(conn, plan_code)
            if stored is None or round_id not in {r.id for r in stored.plan.rounds}:
                continue
            rnd = stored.plan.round(round_id)
            pending, _ = await self.open_units(conn, stored, rnd, roots)
            if not pending:
                continue
            listed += len(pending)
            lines.append(t("reminders.digest.round", lang, round=title(rnd, lang),
                           deadline=date_vn(rnd.deadline), count=len(pending)))
            lines += [t("reminders.group.line", lang, unit=name, status=unit_status_word(st, lang))
                      for name, st in pending[:MAX_LINES]]
            if len(pending) > MAX_LINES:
                lines.append(t("reminders.group.more", lang, count=len(pending) - MAX_LINES))
        if not listed:
            return "nothing overdue"
        lines.append(t("reminders.digest.hint", lang))
        return Outgoing(text="\n".join(lines))
