"""Reminder texts, worded from the facts :mod:`bot.services.reminders.content`
loads when a row is sent (so progress is current).

Texts are short, in the recipient's language, and name the round, the
deadline (dd/mm/yyyy), days left or overdue, what is missing and how to go on.
"""

from __future__ import annotations

import datetime as dt

from bot.domain.plan.model import Round
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.policy import days_left
from bot.services.progress import RoundStatus
from bot.services.reminders.content import MAX_LINES, Escalation, Moment, Pending, UnitNote
from handlers.views.render import date_vn
from locales import t


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


def officer_names(names: list[str], lang: str) -> str:
    return ", ".join(names) or t("reminders.group.no_officer", lang)


def _more(count: int, lang: str) -> list[str]:
    return [t("reminders.group.more", lang, count=count - MAX_LINES)] if count > MAX_LINES else []


def _pending_lines(pending: Pending, lang: str) -> list[str]:
    lines = [t("reminders.group.line", lang, unit=name, status=unit_status_word(st, lang))
             for name, st in pending.units[:MAX_LINES]]
    return lines + _more(len(pending.units), lang)


class Texts:
    """The wording of each kind of reminder (a
    :class:`~bot.services.reminders.content.ReminderTexts`)."""

    def unit(self, note: UnitNote, at: Moment) -> str:
        rnd, lang, st = note.status.round, at.lang, note.status
        common = {"round": title(rnd, lang), "deadline": date_vn(rnd.due),
                  "when": when(rnd.due, at.today, lang)}
        if note.kind == "group":
            text = t("reminders.group.unit", lang, unit=note.unit_name, officers=officer_names(note.officers, lang),
                     answered=st.answered, total=st.total, **common)
            rest = rest_note(at.cal, rnd.due, at.today, lang)
            return text if rest is None else f"{text}\n{rest}"
        if note.kind == "unreachable":
            key = "reminders.outside_window" if note.payload.get("why") == "outside_window" else "reminders.unreachable"
            return t(key, lang, round=common["round"], unit=note.unit_name,
                     officer=note.payload.get("officer", "?"), channel=str(note.payload.get("via", "?")).capitalize())
        head = t("reminders.manual" if note.kind == "manual" else "reminders.officer", lang, **common)
        lines = [head, progress(st, lang)]
        rest = rest_note(at.cal, rnd.due, at.today, lang)
        if rest:
            lines.append(rest)
        lines.append(t("reminders.continue", lang))
        return "\n".join(lines)

    def rollup(self, pending: Pending, at: Moment) -> str:
        rnd, lang = pending.round, at.lang
        lines = [t("reminders.group.rollup", lang, round=title(rnd, lang), deadline=date_vn(rnd.due),
                   when=when(rnd.due, at.today, lang), count=len(pending.units), total=pending.total)]
        lines += _pending_lines(pending, lang)
        rest = rest_note(at.cal, rnd.due, at.today, lang)
        return "\n".join(lines + ([rest] if rest else []))

    def escalation(self, escalation: Escalation, at: Moment) -> str:
        rnd, lang = escalation.round, at.lang
        lines = [t("reminders.escalation.title", lang, round=title(rnd, lang), deadline=date_vn(rnd.due),
                   when=when(rnd.due, at.today, lang), count=escalation.count)]
        lines += [t("reminders.escalation.line", lang, unit=name, status=unit_status_word(st, lang),
                    officers=officer_names(officers, lang)) for name, st, officers in escalation.units]
        lines += _more(escalation.count, lang)
        lines.append(t("reminders.escalation.hint", lang))
        return "\n".join(lines)

    def digest(self, rounds: list[Pending], at: Moment) -> str:
        lang = at.lang
        lines = [t("reminders.digest.title", lang, date=date_vn(at.today))]
        for pending in rounds:
            rnd = pending.round
            lines.append(t("reminders.digest.round", lang, round=title(rnd, lang),
                           deadline=date_vn(rnd.due), count=len(pending.units)))
            lines += _pending_lines(pending, lang)
        lines.append(t("reminders.digest.hint", lang))
        return "\n".join(lines)


TEXTS = Texts()
