"""The unit's own report of a round, drafted for signature: assembly only
(what goes in, worded from the catalogues); ``render`` draws it.

Outline (the standard report outline, ``shared/domain``): I. lãnh đạo, chỉ
đạo — the unit's own plan as it reported it in the plan's ``plan`` round;
II. kết quả, one numbered part per content area of the round, each figure in
its sentence and each text answer as written; III. đánh giá chung (the
closing section's figures, strengths, weaknesses, causes); IV. phương hướng;
V. kiến nghị (difficulties, proposals); then "Nơi nhận" and the signer block,
and the appendix table of every figure against its target. Whatever the unit
has not answered is a visible blank."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.figures import closing_part
from bot.domain.plan.model import Plan, Question
from bot.domain.units import UnitInfo
from bot.services.documents import common as c
from bot.services.documents.model import Block, Document, Heading, PageBreak, Para

ASSESSMENT, NEXT, PROPOSALS = c.facts.ASSESSMENT, c.facts.NEXT, c.facts.PROPOSALS


def _section_blocks(questions: list[Question], answers: Mapping[str, Any], shown: set[str],
                    lang: str) -> list[Block]:
    out: list[Block] = []
    for q in questions:
        if q.id not in shown:
            continue  # hidden by an earlier answer: it does not apply to the unit
        if str(q.type) in c.SENTENCE_TYPES:
            out.append(Para(c.sentence(q, answers, lang)))
        elif str(q.type) == "text":
            value = answers.get(q.id)
            out.append(Para(c.label(q, lang) + ":", italic=True))
            out.append(Para(str(value).strip() if value else c.BLANK))
    return out


def _closing(questions: list[Question], parts: tuple[tuple[str, ...], ...], answers: Mapping[str, Any],
             lang: str) -> list[Block]:
    """The unit's texts for each sub-part of a closing part (``facts``), under a
    numbered heading when the part has more than one; a blank where it wrote none."""
    out: list[Block] = []
    for n, group in enumerate(parts, 1):
        if len(parts) > 1:
            out.append(Heading(f"{n}. {c.d(f'part.{group[0]}', lang)}", 2))
        out.extend([Para(text) for text in c.facts.closing_texts(questions, group, answers)] or [c.blank_para()])
    return out


def _leadership(plan: Plan, plan_answers: Mapping[str, Any] | None, lang: str) -> list[Block]:
    """Part I from the unit's answers to the plan's ``plan`` round (its own plan)."""
    rounds = [r for r in plan.rounds if r.kind == "plan"]
    if not rounds or plan_answers is None:
        return [c.blank_para()]
    return [Para(c.sentence(q, plan_answers, lang)) if str(q.type) in c.SENTENCE_TYPES
            else Para(c.d("sentence", lang, label=c.label(q, lang),
                          value=str(plan_answers.get(q.id) or c.BLANK).strip()))
            for q in plan.questions(rounds[0].id) if str(q.type) != "evidence"]


def unit_document(
    plan: Plan, round_id: str, unit: UnitInfo, parent: UnitInfo | None, answers: Mapping[str, Any],
    shown: set[str], lang: str = "vi", plan_answers: Mapping[str, Any] | None = None,
) -> Document:
    """``shown``: the round's questions that apply to the unit (its ``when``
    conditions, :func:`bot.domain.checklist.walk.visible`)."""
    rnd = plan.round(round_id)
    period = c.period_phrase(plan, rnd, lang)
    body: list[Block] = [Para(c.d("intro", lang, plan_ref=c.plan_ref(plan, lang), plan_title=plan.title,
                                  unit=unit.name, period=period))]
    p = c.facts.period(rnd)
    if p is not None and p.estimate_to_end:
        body.append(Para(c.d("estimate", lang, end=c.format_date(p.end)), italic=True))
    body.append(Heading(f"{c.ROMAN[0]}. {c.d('section.leadership', lang)}"))
    body.extend(_leadership(plan, plan_answers, lang))
    body.append(Heading(f"{c.ROMAN[1]}. {c.d('section.results', lang)}"))
    for n, section in enumerate(c.content_sections(plan, rnd, unit), 1):
        body.append(Heading(f"{n}. {section.title_en if lang == 'en' and section.title_en else section.title}", 2))
        blocks = _section_blocks(list(section.questions), answers, shown, lang)
        body.extend(blocks or [c.blank_para()])
    closing = c.facts.closing_questions(rnd)
    body.append(Heading(f"{c.ROMAN[2]}. {c.d('section.assessment', lang)}"))
    body.extend(_section_blocks([q for q in closing if not closing_part(q)], answers, shown, lang))
    body.extend(_closing(closing, ASSESSMENT, answers, lang))
    body.append(Heading(f"{c.ROMAN[3]}. {c.d('section.next', lang)}"))
    body.extend(_closing(closing, NEXT, answers, lang))
    body.append(Heading(f"{c.ROMAN[4]}. {c.d('section.proposals', lang)}"))
    body.extend(_closing(closing, PROPOSALS, answers, lang))
    body.append(Para(c.d("closing", lang, unit=unit.name)))
    questions = [q for q in plan.questions(round_id) if q.id in shown]
    appendix: list[Block] = [
        PageBreak(), Para(c.d("appendix.title", lang), bold=True, align="center", indent=False),
        Para(c.d("appendix.subtitle", lang, period=period, unit=unit.name), italic=True, align="center",
             indent=False),
        c.figure_table(questions, answers, lang),
    ]
    return Document(
        header=c.header(unit.name, parent.name if parent else None, plan, lang),
        doc_type=c.d("doc_type", lang), subject=c.d("subject", lang, period=period), body=tuple(body),
        recipients_title=c.d("recipients_title", lang), recipients=c.recipients(rnd, lang),
        signer=c.signer(None, lang), appendix=tuple(appendix),
    )
