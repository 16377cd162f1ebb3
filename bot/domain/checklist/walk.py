"""Which questions of a round apply, given the answers so far (``when``
conditions), and the review list built from them: pure queries the engine,
progress and summaries share.

The questions they are given are the unit's own: a section asked of some
units only (``applies_to``) is already left out by
``Plan.questions(round, unit=…)`` (the rule: :func:`bot.domain.units.asked`),
so numbers, the review and what is missing never count another agency's
section."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.checklist.events import ReviewItem
from bot.domain.plan.model import Question, condition_holds
from bot.domain.questions import kind_of

__all__ = ["is_answered", "missing_required", "number_of", "review_items", "visible"]


def visible(
    questions: Sequence[Question], answers: Mapping[str, Any], skipped: frozenset[str] = frozenset()
) -> list[Question]:
    """The questions that apply, in order. A ``when`` condition hides a question
    once a question it names is answered with another option, skipped, or itself
    hidden (so a stale answer to a hidden question enables nothing). While the
    named question is still unanswered the follow-up counts."""
    shown: set[str] = set()
    out: list[Question] = []
    for q in questions:
        if q.when and not _holds(q.when, answers, shown, skipped):
            continue
        shown.add(q.id)
        out.append(q)
    return out


def _holds(when: Mapping[str, Any], answers: Mapping[str, Any], shown: set[str], skipped: frozenset[str]) -> bool:
    for ref, options in when.items():
        value = answers.get(ref)
        if ref not in shown or (value is None and ref in skipped) or (
            value is not None and not condition_holds(options, value)
        ):
            return False
    return True


def is_answered(qid: str, answers: Mapping[str, Any]) -> bool:
    return answers.get(qid) is not None


def number_of(questions: Sequence[Question], qid: str) -> int:
    """A question's number as the officer sees it ("Câu 4/6", "/sua 4", "4." in
    the review): its place in the round's plan order, whatever is hidden. A
    question a ``when`` hides keeps its number, so the numbers shown have gaps
    but never shift while the officer answers. 0 for an id not in the round."""
    return next((i for i, q in enumerate(questions, start=1) if q.id == qid), 0)


def review_items(
    questions: Sequence[Question], answers: Mapping[str, Any], skipped: frozenset[str] = frozenset()
) -> list[ReviewItem]:
    """The questions that apply, each with its stable number (:func:`number_of`)."""
    numbers = {q.id: i for i, q in enumerate(questions, start=1)}
    return [
        ReviewItem(numbers[q.id], q.id, answers.get(q.id), q.required, q.id in skipped)
        for q in visible(questions, answers, skipped)
    ]


def missing_required(
    questions: Sequence[Question], answers: Mapping[str, Any], skipped: frozenset[str] = frozenset()
) -> list[ReviewItem]:
    """The required questions that apply and have no answer (a calculated one
    is never missing: it is blank while what it reads is)."""
    asked = {q.id for q in questions if kind_of(q.type).asked}
    return [it for it in review_items(questions, answers, skipped)
            if it.required and it.value is None and it.question_id in asked]
