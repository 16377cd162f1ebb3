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
    # (plan version, unit level, unit type) → those questions, their ids and
    # whether one has a ``when``: the units of one kind share one list
    _by_kind: dict[tuple[int, str, str | None], tuple[list[Question], frozenset[str], bool]] = field(
        default_factory=dict, repr=False, compare=False)
    _late: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    _shown_ids: dict[int, tuple[frozenset[str], frozenset[str]]] = field(
        default_factory=dict, repr=False, compare=False)
    _kind_ids: dict[int, tuple[frozenset[str], frozenset[str]]] = field(
        default_factory=dict, repr=False, compare=False)

    @property
    def round(self) -> Any:
        return self.plan.plan.round(self.round_id)

    def _kind(self, unit_id: int) -> tuple[list[Question], frozenset[str], bool]:
        """The unit's questions, their ids and whether any has a ``when``,
        shared by the units of its kind (the same plan version, level, type)."""
        sub = self.subs.get(unit_id)
        version = (self.versions.get(sub.plan_id) if sub is not None else None) or self.plan
        unit = self.tree.get(unit_id)
        key = (version.id, unit.level, unit.type) if unit is not None else None
        have = self._by_kind.get(key) if key is not None else None
        if have is None:
            questions = version.plan.questions(self.round_id, reported=True, unit=unit)
            have = (questions, frozenset(q.id for q in questions), any(q.when for q in questions))
            if key is not None:
                self._by_kind[key] = have
        return have

    def questions_for(self, unit_id: int) -> list[Question]:
        """The questions asked of the unit (its sections: ``applies_to``), in the
        plan version the unit's submission is pinned to."""
        have = self._questions.get(unit_id)
        if have is None:
            have = self._questions[unit_id] = self._kind(unit_id)[0]
        return have

    def asked_answers(self, unit_id: int) -> dict[str, Any]:
        """The unit's answers to the questions asked of it (:meth:`questions_for`):
        a stale answer to a section that no longer applies to it counts nowhere."""
        have = self._asked.get(unit_id)
        if have is None:
            asked = self._kind(unit_id)[1]
            given = self.answers.get(unit_id, {})
            # every answer is to an asked question (the common case): the very dict
            have = given if asked.issuperset(given) else {k: v for k, v in given.items() if k in asked}
            self._asked[unit_id] = have
        return have

    def shown(self, unit_id: int) -> list[Question]:
        """The questions that apply to the unit's answers, in order
        (:func:`bot.domain.checklist.walk.visible` over :meth:`questions_for`)."""
        have = self._shown.get(unit_id)
        if have is None:
            questions, _ids, conditional = self._kind(unit_id)
            # no question with a ``when``: every one applies, whatever the answers
            have = visible(questions, self.asked_answers(unit_id)) if conditional else questions
            self._shown[unit_id] = have
        return have

    def shown_ids(self, unit_id: int) -> tuple[frozenset[str], frozenset[str]]:
        """The ids of :meth:`shown`, and of those that are required (shared by
        the units of one kind when no ``when`` makes them differ)."""
        have = self._shown_ids.get(unit_id)
        if have is None:
            shown = self.shown(unit_id)
            conditional = self._kind(unit_id)[2]
            have = None if conditional else self._kind_ids.get(id(shown))
            if have is None:
                have = (frozenset(q.id for q in shown), frozenset(q.id for q in shown if q.required))
                if not conditional:  # the kind's own list, kept by _by_kind: its id stays its own
                    self._kind_ids[id(shown)] = have
            self._shown_ids[unit_id] = have
        return have

    def status(self, unit_id: int) -> str:
        sub = self.subs.get(unit_id)
        return SubmissionStatus.NOT_STARTED.value if sub is None else sub.status

    def days_late(self, unit_id: int) -> int:
        """Days past the deadline: until submission, or at submission."""
        have = self._late.get(unit_id)
        if have is None:
            have = self._late[unit_id] = days_late(self.round.due, self.subs.get(unit_id), self.today, self.tz)
        return have

    def overdue(self, unit_id: int) -> bool:
        return self.status(unit_id) not in DONE and self.today > self.round.due
