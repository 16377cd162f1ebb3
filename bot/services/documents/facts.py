"""What a drafted report takes from the plan and from the closing answers.

The plan's facts: its document metadata (number, date, place, issuer,
signer) and a round's recipient and period, read from the plan model's own
fields. A fact the plan does not state is ``None``, and the document shows a
blank for it — never an invented value.

The closing parts (the standard report outline): part III, đánh giá chung —
strengths, then weaknesses with their causes; part IV, phương hướng — the
next period's tasks; part V, kiến nghị — difficulties, then proposals. Each
part is filled from the answers to the round's closing questions (the
``danh-gia`` section: :func:`bot.domain.figures.closing_part` says which
part a question holds); a part nobody wrote is the blank ``…``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.figures import closing_part
from bot.domain.plan.model import Period, Plan, Question, Round

# Parts III, IV and V: each a list of sub-parts, each sub-part the closing
# parts it gathers (a plan asking weaknesses and causes apart, or in one
# question, fills the same sub-part).
ASSESSMENT: tuple[tuple[str, ...], ...] = (("strengths",), ("weaknesses", "causes"))
NEXT: tuple[tuple[str, ...], ...] = (("next_tasks",),)
PROPOSALS: tuple[tuple[str, ...], ...] = (("difficulties",), ("proposals",))


def doc_number(plan: Plan) -> str | None:
    return plan.document.number or None


def doc_date(plan: Plan) -> dt.date | None:
    return plan.document.date


def issuer(plan: Plan) -> str:
    return plan.document.issuer


def place(plan: Plan) -> str | None:
    return plan.document.place or None


def signed_as(plan: Plan) -> str | None:
    return plan.document.signed_as or None


def recipient(rnd: Round) -> str | None:
    return rnd.recipient or None


def period(rnd: Round) -> Period | None:
    return rnd.period


def closing_questions(rnd: Round) -> list[Question]:
    """The questions of the round's closing sections (those holding a closing part)."""
    return [q for s in rnd.sections if any(closing_part(x) for x in s.questions) for q in s.questions]


def part_questions(questions: Sequence[Question], parts: Sequence[str]) -> list[Question]:
    """The closing questions holding one of ``parts``, in the plan's order."""
    return [q for q in questions if closing_part(q) in parts]


def closing_texts(questions: Sequence[Question], parts: Sequence[str], answers: Mapping[str, Any]) -> list[str]:
    """What the unit wrote for ``parts``, each answer as written (stripped);
    empty when it wrote nothing there."""
    return [str(answers[q.id]).strip() for q in part_questions(questions, parts)
            if isinstance(answers.get(q.id), str) and str(answers[q.id]).strip()]
