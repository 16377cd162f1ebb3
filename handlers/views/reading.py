"""An admin reading one unit's report in chat (/xemdonvi): who answered for
the unit and how to reach them, when it was submitted and how late, then
every answer in full (text answers whole), in pages that each fit one
message; and the /tongket lines naming the units whose text answers wait."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.text import format_date, split_text
from bot.domain.checklist.engine import ReviewItem
from bot.domain.entities import Contact
from bot.domain.plan.model import Question
from bot.domain.reading import Waiting
from handlers.views import render
from handlers.views.admin import pack
from locales import t

# A page's answers; the page line and the action menu go under it, and the
# whole message stays below Zalo's 2,000 characters.
PAGE = 1700
MAX_WAITING = 15


@dataclass(frozen=True)
class Handed:
    """When and how late the unit handed the report in (``at``: local time,
    ``None`` while it has not)."""

    at: dt.datetime | None
    deadline: dt.date
    days_late: int


def officer_line(contact: Contact | None, lang: str) -> str:
    if contact is None:
        return t("admin.review.no_officer", lang)
    return t("admin.review.officer", lang, name=contact.full_name, position=contact.position, phone=contact.phone)


def handed_line(h: Handed, lang: str) -> str | None:
    deadline = format_date(h.deadline)
    if h.at is None:
        return t("admin.review.overdue", lang, days=h.days_late, deadline=deadline) if h.days_late else None
    when = t("admin.review.submitted_at", lang, time=h.at.strftime("%H:%M"), date=format_date(h.at.date()))
    if h.days_late:
        return when + " " + t("admin.review.late", lang, days=h.days_late, deadline=deadline)
    return when + " " + t("admin.review.on_time", lang, deadline=deadline)


def answer_lines(items: list[ReviewItem], by_id: dict[str, Question], lang: str) -> list[str]:
    """One line per question with its answer in full; an answer longer than a
    page is cut at line or word boundaries into lines that each fit."""
    out: list[str] = []
    for it in items:
        out.extend(split_text(render.review_line(it, by_id[it.question_id], lang, full=True), PAGE))
    return out


def pages(lines: list[str]) -> list[str]:
    return pack(lines, PAGE)


def page_footer(n: int, total: int, lang: str, *, actions: bool) -> str | None:
    """Where the admin is and how to move, when there is more than one page.
    While the action list is offered its numbers are actions, so a page is
    asked for as "trang N"; otherwise a bare number is a page."""
    if total <= 1:
        return None
    if actions:
        move = "admin.review.page_next_act" if n < total else "admin.review.page_last_act"
    else:
        move = "admin.review.page_next" if n < total else "admin.review.page_last"
    numbers = render.numbers_phrase(total, lang)
    return t("admin.review.page", lang, n=n, total=total) + " · " + t(move, lang, numbers=numbers)


def waiting_lines(rows: list[Waiting], round_id: str, lang: str) -> list[str]:
    if not rows:
        return []
    lines = [t("admin.summary.unread", lang, count=len(rows), round=round_id)]
    lines += [t("admin.summary.unread_line", lang, code=w.unit, name=w.name, texts=w.texts)
              for w in rows[:MAX_WAITING]]
    if len(rows) > MAX_WAITING:
        lines.append(t("admin.summary.more", lang, count=len(rows) - MAX_WAITING))
    return lines
