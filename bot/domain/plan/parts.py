"""The small records a plan is made of: its document, reminder policy,
options, targets, ``when`` ranges and milestones.

Kept apart from the question, rubric and round models so each file stays
small; :mod:`bot.domain.plan.model` re-exports every name.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(Strict):
    number: str
    date: dt.date
    issuer: str
    title: str | None = None
    source: str | None = None  # file or address the plan was transcribed from


class ReminderPolicy(Strict):
    """When reminders go out; plan-wide default, overridable per round."""

    before_days: list[int] = Field(default_factory=lambda: [7, 3, 1, 0])
    overdue_every_working_days: int = Field(default=2, ge=1)
    overdue_max: int = Field(default=3, ge=0)
    at: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    escalate_after_overdue: int = Field(default=1, ge=0)
    admin_digest: bool = True

    @field_validator("before_days")
    @classmethod
    def _non_negative(cls, v: list[int]) -> list[int]:
        if any(d < 0 for d in v):
            raise ValueError("before_days must be >= 0")
        return sorted(set(v), reverse=True)


class Option(Strict):
    id: Id
    text: str
    text_en: str | None = None
    points: float | None = None  # for scoring: points this option gives


class Target(Strict):
    """A measurable target from section III of the plan (e.g. >= 100 %)."""

    min: float | None = None
    max: float | None = None
    equals: str | None = None  # for choice questions: the option id that meets it
    strict: bool = False  # "trên 90 %": the value must exceed min (or stay under max)
    source: str | None = None  # where in the document, e.g. "III.1"
    text: str | None = None  # the target as the document words it


class Range(Strict):
    """A ``when`` condition on a number: the follow-up applies while the
    earlier answer lies in ``min``..``max`` (e.g. ``{min: 1}``: "if any")."""

    min: float | None = None
    max: float | None = None

    def holds(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


# A follow-up's condition on an earlier answer: the option ids of a choice
# question that enable it, or a range of a numeric answer.
Condition = list[str] | Range


def condition_holds(condition: Condition, value: Any) -> bool:
    if isinstance(condition, Range):
        return condition.holds(value)
    return value in condition


class Milestone(Strict):
    """A date of the plan that units do not report for, shown for context
    (e.g. "Sở Nội vụ appraises and the province rates units before 15/12")."""

    date: dt.date
    text: str
    text_en: str | None = None
    source: str | None = None
