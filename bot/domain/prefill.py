"""Pre-filling: a later round asking the same figure shows the earlier answer.

The bundled plans ask the annual round's figures under the very question ids
of the 6-month round (``dan-chu-co-so.tiep-cong-dan`` in both), so the link
is the question id; a round names the rounds it carries from
(``carry_from: [6-thang]``), else every earlier round counts. The earlier answer is shown with an
unanswered question ("Kỳ trước: 12") and ``giữ`` takes it; nothing is stored
until the officer says so. Free text and files are not carried: a text is
the period's own account, and a file is that period's evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.plan.model import Plan, Question
from bot.domain.questions.builtin import QuestionType

__all__ = ["carried", "earlier_rounds"]

_NOT_CARRIED = frozenset({QuestionType.TEXT.value, QuestionType.EVIDENCE.value})


def earlier_rounds(plan: Plan, round_id: str) -> list[str]:
    """The plan's rounds due before ``round_id``, the latest first."""
    rnd = plan.round(round_id)
    due = rnd.due
    named = set(rnd.carry_from)
    return [r.id for r in sorted(plan.dated_rounds, key=lambda r: r.due, reverse=True)
            if r.due < due and (not named or r.id in named)]


def carried(questions: Sequence[Question], earlier: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Question id → the latest earlier answer to it (``earlier``: the unit's
    answers per earlier round, the latest first)."""
    out: dict[str, Any] = {}
    for q in questions:
        if str(q.type) in _NOT_CARRIED:
            continue
        value = next((answers[q.id] for answers in earlier if answers.get(q.id) is not None), None)
        if value is not None:
            out[q.id] = value
    return out
