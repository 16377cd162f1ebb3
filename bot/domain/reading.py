"""Text answers waiting for an admin to read them.

A summary counts numbers and choices, but prose a unit wrote (a text answer,
a typed evidence note) only helps once a person has read it. A unit's text
answers are *waiting* while its report is submitted (or accepted) and no
admin has opened its answers since they last changed; opening them
(``/xemdonvi``) records the reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.plan.model import Question
from bot.domain.questions import kind_of
from bot.domain.reports import RoundData
from bot.domain.status import DONE


@dataclass(frozen=True, slots=True)
class Marks:
    """When a submission's answers last changed, and when an admin last read them."""

    changed_at: dt.datetime | None
    read_at: dt.datetime | None

    @property
    def read(self) -> bool:
        return self.read_at is not None and (self.changed_at is None or self.read_at >= self.changed_at)


@dataclass(frozen=True, slots=True)
class Waiting:
    unit: str  # unit code
    name: str
    texts: int  # answered free-text questions


def free_text_answers(questions: list[Question], answers: Mapping[str, Any]) -> int:
    """How many of the questions have a free-text answer (their type says)."""
    return sum(
        1 for q in questions
        if answers.get(q.id) is not None and kind_of(q.type).free_text(q, answers[q.id])
    )


def waiting(data: RoundData, marks: Mapping[int, Marks]) -> list[Waiting]:
    """The reporting units whose submitted text answers nobody has read since
    they last changed, in the report's unit order."""
    out = []
    for u in data.units:
        sub = data.subs.get(u.id)
        if sub is None or sub.status not in DONE:
            continue
        mark = marks.get(sub.id)
        if mark is not None and mark.read:
            continue
        texts = free_text_answers(data.questions_for(u.id), data.answers.get(u.id, {}))
        if texts:
            out.append(Waiting(u.code, u.name, texts))
    return out
