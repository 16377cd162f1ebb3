"""What the unit's report and the aggregated report share: the header block,
the period and plan phrases, a question's sentence, the figures table, the
recipients and the signer block. Every word comes from ``documents.*`` in the
locale catalogues; a missing fact or answer is the visible blank ``…``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from bot.core.text import format_date, format_number
from bot.domain.figures import closing_part, rate_pair
from bot.domain.plan.model import Plan, Question, Round, Section, Target
from bot.domain.questions import kind_of
from bot.domain.questions.stats import meets
from bot.domain.totals import value_of
from bot.domain.units import UnitKind, asked
from bot.services.documents import facts
from bot.services.documents.model import BLANK, Header, Para, Signer, Table
from bot.services.wording import shown_text
from locales import t

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
FIGURE_WIDTHS = (12.0, 78.0, 30.0, 25.0, 20.0)  # mm, within A4 less 30 + 15 mm margins
APPENDIX_COLUMNS = ("n", "content", "target", "result", "verdict")
SENTENCE_TYPES = frozenset({"integer", "percent", "decimal", "choice", "date", "calculated"})


def d(key: str, lang: str, **params: Any) -> str:
    return t(f"documents.{key}", lang, **params)


def period_phrase(plan: Plan, rnd: Round, lang: str) -> str:
    """"6 tháng đầu năm 2025", "năm 2025", or the dates; the round's title
    when the plan states no period."""
    p = facts.period(rnd)
    if p is None:
        return d("period.round", lang, title=rnd.title_en if lang == "en" and rnd.title_en else rnd.title)
    year_start, mid, year_end = dt.date(p.start.year, 1, 1), dt.date(p.start.year, 6, 30), dt.date(p.start.year, 12, 31)
    if p.start == year_start and p.end == mid:
        return d("period.half", lang, year=p.start.year)
    if p.start == year_start and p.end == year_end:
        return d("period.year", lang, year=p.start.year)
    return d("period.range", lang, start=format_date(p.start), end=format_date(p.end))


def plan_ref(plan: Plan, lang: str) -> str:
    number, date = facts.doc_number(plan), facts.doc_date(plan)
    return d("plan_ref", lang, number=number or BLANK, date=format_date(date) if date else BLANK,
             issuer=facts.issuer(plan))


def header(issuer: str, parent: str | None, plan: Plan, lang: str) -> Header:
    return Header(
        parent=parent.upper() if parent else None, issuer=issuer.upper(),
        number=d("number", lang, blank=BLANK),
        place_date=d("place_date", lang, place=facts.place(plan) or BLANK, blank=BLANK, year=plan.year),
        motto=(d("motto", lang), d("slogan", lang)),
    )


def label(q: Question, lang: str) -> str:
    """The question's text as the start of a sentence: a closing "chưa?" /
    "không?" / "?" of a yes-no question dropped (the tails are in the catalogue)."""
    text = " ".join(q.label(lang).split())
    for tail in d("question_tails", lang).split("|"):
        if tail and text.endswith(tail):
            return text[: -len(tail)].rstrip(" ,;:")
    return text.rstrip(" .:")


def answer_text(q: Question, value: Any, lang: str) -> str:
    return BLANK if value is None else shown_text(kind_of(q.type).shown(q, value, lang), lang, full=True)


def sentence(q: Question, answers: Mapping[str, Any], lang: str) -> str:
    return d("sentence", lang, label=label(q, lang), value=answer_text(q, value_of(q, dict(answers)), lang))


def content_sections(plan: Plan, rnd: Round, unit: UnitKind | None = None) -> list[Section]:
    """The round's content areas (part II); a section holding a closing part
    (strengths, difficulties …) belongs to parts III–V. With ``unit``, only the
    sections asked of it (``applies_to``: :func:`bot.domain.units.asked`)."""
    return [s for s in rnd.sections
            if not any(closing_part(q) for q in s.questions) and asked(unit, s.applies_to)]


def target_cell(q: Question, target: Target | None, lang: str) -> str:
    if target is None:
        return ""
    unit = kind_of(q.type).unit
    strict = "_strict" if target.strict else ""
    if target.min is not None:
        return d(f"target.min{strict}", lang, value=format_number(target.min, lang) + unit)
    if target.max is not None:
        return d(f"target.max{strict}", lang, value=format_number(target.max, lang) + unit)
    shown = kind_of(q.type).target_label(q, target, lang)
    return d("target.equals", lang, value=shown or target.text or BLANK)


def verdict(q: Question, value: Any, lang: str) -> str:
    if q.target is None:
        return ""
    if value is None:
        return BLANK
    return d("verdict.met" if meets(q.target, value) else "verdict.missed", lang)


def figure_questions(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if str(q.type) in SENTENCE_TYPES]


def figure_table(questions: Sequence[Question], answers: Mapping[str, Any], lang: str,
                 caption: str | None = None, known: dict[str, tuple[str, str, Any]] | None = None) -> Table:
    """Every figure of the round against its target (a blank where unanswered).
    ``known``: kept across the tables of one round (the scope report's
    appendix, a table per unit): each question's label, target and rate pair,
    worked out once."""
    known = {} if known is None else known
    given = dict(answers)
    rows = []
    for i, q in enumerate(figure_questions(questions), 1):
        fixed = known.get(q.id)
        if fixed is None:
            fixed = known[q.id] = (" ".join(q.label(lang).split()), target_cell(q, q.target, lang), rate_pair(q))
        value = value_of(q, given, fixed[2])
        rows.append((str(i), fixed[0], fixed[1], answer_text(q, value, lang), verdict(q, value, lang)))
    headers = tuple(d(f"appendix.{h}", lang) for h in APPENDIX_COLUMNS)
    return Table(headers, tuple(rows), FIGURE_WIDTHS, caption)


def recipients(rnd: Round, lang: str) -> tuple[str, ...]:
    to = facts.recipient(rnd)
    return (d("recipient_line", lang, name=to or BLANK), d("archive", lang))


def signer(title: str | None, lang: str) -> Signer:
    return Signer(title=title.upper() if title else BLANK, hint=d("signer_hint", lang), name=BLANK)


def blank_para() -> Para:
    return Para(BLANK)
