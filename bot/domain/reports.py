"""What a report is computed from: one round, the units in an admin's scope,
their submissions, answers, appraisals and contacts, loaded in bulk."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.domain.checklist.walk import visible
from bot.domain.plan.model import Plan, Question
from bot.domain.status import DONE, STATUSES, SubmissionStatus
from bot.domain.units import UnitInfo, ancestors, group_of, reporting_units, subtree

# The tree walks and the reporting rule live in bot.domain.units and the
# statuses in bot.domain.status; re-exported here for older imports.
__all__ = [
    "DONE", "STATUSES", "AppraisalLike", "ContactLike", "PlanVersion", "RoundData", "SubLike", "UnitInfo",
    "ancestors", "days_late", "group_of", "reporting_units", "subtree",
]


class SubLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def submitted_at(self) -> dt.datetime | None: ...
    @property
    def plan_id(self) -> int: ...


class AppraisalLike(Protocol):
    @property
    def points(self) -> float: ...
    @property
    def comment(self) -> str | None: ...


class ContactLike(Protocol):
    @property
    def full_name(self) -> str: ...
    @property
    def phone(self) -> str: ...


def days_late(deadline: dt.date, sub: SubLike | None, today: dt.date, tz: dt.tzinfo) -> int:
    """Days past the deadline: at submission for a submitted (or accepted)
    report, else until ``today`` (the one rule of lateness: summaries,
    exports and the admin's reading of a unit use it)."""
    if sub is not None and sub.status in DONE and sub.submitted_at is not None:
        end = sub.submitted_at.astimezone(tz).date()
    elif sub is not None and sub.status in DONE:
        end = deadline
    else:
        end = today
    return max(0, (end - deadline).days)


@dataclass(frozen=True, slots=True)
class PlanVersion:
    id: int
    code: str
    version: int
    sha256: str
    loaded_at: dt.datetime
    plan: Plan


@dataclass
class RoundData:
    plan: PlanVersion  # the newest version: its questions label the report
    round_id: str
    roots: list[int]  # scope roots; the report covers their subtrees
    tree: dict[int, UnitInfo]  # every unit, retired ones included
    units: list[UnitInfo]  # the reporting units in scope, by code
    subs: dict[int, SubLike]  # unit id → submission (none: not started)
    answers: dict[int, dict[str, Any]]
    appraisals: dict[int, Mapping[str, AppraisalLike]] = field(default_factory=dict)
    contacts: dict[int, ContactLike] = field(default_factory=dict)
    versions: dict[int, PlanVersion] = field(default_factory=dict)  # plan id → version
    today: dt.date = dt.date(2000, 1, 1)
    tz: dt.tzinfo = field(default_factory=lambda: zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    # unit id → its questions, its asked answers, the questions that apply
    # to them: worked out once (the summary, its totals and the export each
    # ask for every unit); read them, never change them
    _shown: dict[int, list[Question]] = field(default_factory=dict, repr=False, compare=False)
    _asked: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    _questions: dict[int, list[Question]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def round(self) -> Any:
        return self.plan.plan.round(self.round_id)

    def questions_for(self, unit_id: int) -> list[Question]:
        """The questions asked of the unit (its sections: ``applies_to``), in the
        plan version the unit's submission is pinned to."""
        have = self._questions.get(unit_id)
        if have is None:
            sub = self.subs.get(unit_id)
            pinned = self.versions.get(sub.plan_id) if sub is not None else None
            have = self._questions[unit_id] = (pinned or self.plan).plan.questions(
                self.round_id, reported=True, unit=self.tree.get(unit_id))
        return have

    def asked_answers(self, unit_id: int) -> dict[str, Any]:
        """The unit's answers to the questions asked of it (:meth:`questions_for`):
        a stale answer to a section that no longer applies to it counts nowhere."""
        have = self._asked.get(unit_id)
        if have is None:
            asked = {q.id for q in self.questions_for(unit_id)}
            have = self._asked[unit_id] = {k: v for k, v in self.answers.get(unit_id, {}).items() if k in asked}
        return have

    def shown(self, unit_id: int) -> list[Question]:
        """The questions that apply to the unit's answers, in order
        (:func:`bot.domain.checklist.walk.visible` over :meth:`questions_for`)."""
        have = self._shown.get(unit_id)
        if have is None:
            have = self._shown[unit_id] = visible(self.questions_for(unit_id), self.asked_answers(unit_id))
        return have

    def status(self, unit_id: int) -> str:
        sub = self.subs.get(unit_id)
        return SubmissionStatus.NOT_STARTED.value if sub is None else sub.status

    def days_late(self, unit_id: int) -> int:
        """Days past the deadline: until submission, or at submission."""
        return days_late(self.round.due, self.subs.get(unit_id), self.today, self.tz)

    def overdue(self, unit_id: int) -> bool:
        return self.status(unit_id) not in DONE and self.today > self.round.due
