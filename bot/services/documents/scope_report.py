"""The aggregated report of an admin's scope (the province, or a commune's
units), drafted for signature: assembly only; ``render`` draws it.

Its figures are the round's totals (:mod:`bot.domain.totals`): counts summed
over the scope and by level, rates pooled from their count pairs, target
attainment on the units each target applies to, the lists (the "Dân vận
khéo" models); part I says who reported, on time or late, and who did not;
part III the self-scores and bands table of the plan's scoring round; parts
III–V each unit's own strengths, difficulties and proposals, grouped; then an
appendix per unit with its figures against their targets."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.text import format_number
from bot.domain.checklist.walk import visible
from bot.domain.figures import closing_part, is_count, is_list, is_text
from bot.domain.plan.model import Plan, Question
from bot.domain.reports import RoundData
from bot.domain.summary_data import Summary, UnitRow
from bot.domain.totals import TextGroup, Totals
from bot.services.documents import common as c
from bot.services.documents.model import Block, Document, Heading, PageBreak, Para, Table
from bot.services.export_totals import level_label

SCORE_COLUMNS = ("n", "unit", "self", "appraised", "band")
MAX_NAMES = 60  # units named in one sentence; the rest are counted


@dataclass(frozen=True, slots=True)
class Scope:
    name: str  # the scope root's name: the issuing body of the report
    parent: str | None
    is_issuer: bool  # the root is the plan's issuer: its signer block is the plan's


def _names(rows: list[UnitRow], lang: str) -> str:
    names = ", ".join(r.name for r in rows[:MAX_NAMES])
    extra = len(rows) - MAX_NAMES
    return names + (c.d("and_more", lang, count=extra) if extra > 0 else "")


def _reporting(s: Summary, lang: str) -> list[Block]:
    marks = dict(s.totals.punctuality) if s.totals else {}
    out: list[Block] = [Para(c.d("scope.submitted", lang, done=s.counts.done, total=s.total,
                                 pct=format_number(s.completion_pct, lang), on_time=marks.get("on_time", 0),
                                 late=marks.get("late", 0)))]
    late = [r for r in s.units if r.punctuality == "late"]
    if late:
        out.append(Para(c.d("scope.late", lang, n=len(late), names=_names(late, lang))))
    missing = [r for r in s.units if r.punctuality in ("overdue", "pending")]
    out.append(Para(c.d("scope.missing", lang, n=len(missing), names=_names(missing, lang)) if missing
                    else c.d("scope.all_in", lang)))
    return out


def _grouped(group: TextGroup | None, lang: str) -> list[Block]:
    if group is None or not group.items:
        return [c.blank_para()]
    return [Para(c.d("scope.item", lang, name=i.name, text=i.text)) for i in group.items]


def _question(q: Question, s: Summary, totals: Totals, lang: str) -> list[Block]:
    text = c.label(q, lang)
    out: list[Block] = []
    rate = totals.rate(q.id)
    count = totals.count(q.id) if is_count(q) else None
    if rate is not None:
        sentence = c.d("scope.rate", lang, label=text, pct=c.BLANK if rate.pct is None else format_number(
            rate.pct, lang), part=format_number(rate.part, lang), whole=format_number(rate.whole, lang),
            n=rate.units)
        if rate.meets_target is not None:
            sentence += " " + c.d("scope.rate_target", lang, target=c.target_cell(q, q.target, lang),
                                  verdict=c.d("verdict.met" if rate.meets_target else "verdict.missed", lang))
        out.append(Para(sentence))
    elif count is not None and not count.units:
        out.append(Para(c.d("sentence", lang, label=text, value=c.BLANK)))  # no unit gave it
    elif count is not None:
        sentence = c.d("scope.count", lang, label=text, total=format_number(count.total, lang), n=count.units)
        if len(count.by_level) > 1:
            sentence += " " + c.d("scope.by_level", lang, levels="; ".join(
                f"{level_label(lvl, lang)} {format_number(v, lang)}" for lvl, v in count.by_level))
        out.append(Para(sentence))
    elif str(q.type) == "choice":
        row = next((x for x in s.choices if x["id"] == q.id), None)
        if row is None or not row["n"]:
            out.append(Para(c.d("sentence", lang, label=text, value=c.BLANK)))
        else:
            options = "; ".join(c.d("scope.option", lang, option=q.option_label(o["id"], lang), n=o["count"])
                                for o in row["options"])
            out.append(Para(c.d("scope.choice", lang, label=text, options=options)))
    elif str(q.type) in ("percent", "decimal"):
        row = next((x for x in s.numeric if x["id"] == q.id), None)
        out.append(Para(c.d("scope.spread", lang, label=text, min=format_number(row["min"], lang),
                            max=format_number(row["max"], lang), n=row["n"]) if row is not None and row["n"]
                        else c.d("sentence", lang, label=text, value=c.BLANK)))
    elif is_text(q):
        groups = totals.lists if is_list(q) else totals.texts
        out.append(Para(c.label(q, lang) + ":", italic=True))
        out.extend(_grouped(next((g for g in groups if g.id == q.id), None), lang))
    attained = next((a for a in totals.attainment if a.id == q.id), None)
    if attained is not None and attained.applies and rate is None:
        out.append(Para(c.d("scope.attainment", lang, met=attained.met, applies=attained.applies,
                            pct=format_number(attained.pct or 0, lang), target=c.target_cell(q, q.target, lang))))
    return out


def _scores(scoring: Summary | None, lang: str) -> list[Block]:
    if scoring is None or scoring.scoring is None:
        return []
    rows = tuple(
        (str(i), r.name, c.BLANK if r.scores is None or r.scores.self_total is None else format_number(
            r.scores.self_total, lang),
         "" if r.scores is None or r.scores.appraised is None else format_number(r.scores.appraised, lang),
         (r.scores.band if r.scores and r.scores.band else c.BLANK))
        for i, r in enumerate(scoring.units, 1))
    headers = tuple(c.d(f"scores.{h}", lang) for h in SCORE_COLUMNS)
    bands = "; ".join(c.d("scope.option", lang, option=b.label, n=b.count) for b in scoring.scoring.bands)
    return [Heading(c.d("scores.title", lang, title=scoring.title), 2),
            Table(headers, rows, (12.0, 85.0, 25.0, 25.0, 18.0)), Para(c.d("scores.bands", lang, bands=bands))]


def _closing(rnd_questions: list[Question], parts: tuple[tuple[str, ...], ...], totals: Totals,
             lang: str) -> list[Block]:
    """Each unit's texts for each sub-part of a closing part (``facts``), by unit."""
    out: list[Block] = []
    for n, group in enumerate(parts, 1):
        if len(parts) > 1:
            out.append(Heading(f"{n}. {c.d(f'part.{group[0]}', lang)}", 2))
        ids = {q.id for q in c.facts.part_questions(rnd_questions, group)}
        groups = [g for g in totals.texts if g.id in ids]
        items = [b for g in groups for b in _grouped(g, lang) if g.items]
        out.extend(items or [c.blank_para()])
    return out


def _appendix(plan: Plan, data: RoundData, s: Summary, period: str, lang: str) -> list[Block]:
    out: list[Block] = [PageBreak(), Para(c.d("appendix.title", lang), bold=True, align="center", indent=False),
                        Para(c.d("appendix.scope_subtitle", lang, period=period), italic=True, align="center",
                             indent=False)]
    by_code = {u.code: u for u in data.units}
    known: dict[str, tuple[str, str, object]] = {}  # each figure's label, target, pair: once for all units
    for n, row in enumerate(s.units, 1):
        out.append(Heading(c.d("appendix.unit", lang, n=n, unit=row.name), 2))
        unit = by_code[row.unit]
        if row.status not in ("submitted", "accepted"):
            out.append(Para(c.d("appendix.not_submitted", lang), italic=True))
            continue
        answers = data.answers.get(unit.id, {})
        shown = visible(data.questions_for(unit.id), answers)
        out.append(c.figure_table(shown, answers, lang, known=known))
    return out


def scope_document(plan: Plan, data: RoundData, s: Summary, scope: Scope, lang: str = "vi",
                   scoring: Summary | None = None, plan_round: Summary | None = None) -> Document:
    rnd = plan.round(data.round_id)
    totals = s.totals or Totals(0, (), (), (), (), (), ())
    period = c.period_phrase(plan, rnd, lang)
    body: list[Block] = [Para(c.d("intro_scope", lang, plan_ref=c.plan_ref(plan, lang), plan_title=plan.title,
                                  done=s.counts.done, total=s.total, issuer=scope.name, period=period))]
    body.append(Heading(f"{c.ROMAN[0]}. {c.d('section.leadership', lang)}"))
    body.extend(_reporting(s, lang))
    if plan_round is not None and plan_round.totals is not None:
        for a in (a for a in plan_round.totals.attainment if a.applies):
            q = next(q for q in plan.questions(plan_round.round) if q.id == a.id)
            body.append(Para(c.d("scope.own_plan", lang, label=c.label(q, lang), met=a.met, applies=a.applies,
                                 target=c.target_cell(q, q.target, lang))))
    body.append(Heading(f"{c.ROMAN[1]}. {c.d('section.results', lang)}"))
    for n, section in enumerate(c.content_sections(plan, rnd), 1):
        body.append(Heading(f"{n}. {section.title_en if lang == 'en' and section.title_en else section.title}", 2))
        blocks = [b for q in section.questions for b in _question(q, s, totals, lang)]
        body.extend(blocks or [c.blank_para()])
    closing = c.facts.closing_questions(rnd)
    body.append(Heading(f"{c.ROMAN[2]}. {c.d('section.assessment', lang)}"))
    body.extend(b for q in closing if not closing_part(q) for b in _question(q, s, totals, lang))
    body.extend(_scores(scoring, lang))
    body.extend(_closing(closing, c.facts.ASSESSMENT, totals, lang))
    body.append(Heading(f"{c.ROMAN[3]}. {c.d('section.next', lang)}"))
    body.extend(_closing(closing, c.facts.NEXT, totals, lang))
    body.append(Heading(f"{c.ROMAN[4]}. {c.d('section.proposals', lang)}"))
    body.extend(_closing(closing, c.facts.PROPOSALS, totals, lang))
    return Document(
        header=c.header(scope.name, scope.parent, plan, lang), doc_type=c.d("doc_type", lang),
        subject=c.d("subject_scope", lang, period=period, scope=scope.name), body=tuple(body),
        recipients_title=c.d("recipients_title", lang), recipients=c.recipients(rnd, lang),
        signer=c.signer(c.facts.signed_as(plan) if scope.is_issuer else None, lang),
        appendix=tuple(_appendix(plan, data, s, period, lang)),
    )
