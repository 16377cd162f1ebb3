"""Calculated questions follow the answers they read: after any answer is
stored, every calculated question of the round is worked out again (in plan
order, so one may read another) and those whose value changed are stored
too — the officer sees them, the review, summary and export read them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.plan.model import Question
from bot.domain.questions import kind_of


def askable(q: Question) -> bool:
    """Whether the walk asks the question (a calculated one is worked out)."""
    return kind_of(q.type).asked


def recalculated(questions: Sequence[Question], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The calculated questions whose value over ``answers`` differs from the
    stored one, with the new value (``None``: blank now), in plan order."""
    current = dict(answers)
    changed: dict[str, Any] = {}
    for q in questions:
        kind = kind_of(q.type)
        if kind.asked:
            continue
        value = kind.compute(q, current)
        if value != current.get(q.id):
            current[q.id] = changed[q.id] = value
    return changed
