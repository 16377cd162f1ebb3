"""What a report is computed from: one round, the units in an admin's scope,
their submissions, answers, appraisals and contacts, loaded in bulk."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.domain.plan.model import Plan, Question

DONE = frozenset({"submitted", "accepted"})
STATUSES = ("not_started", "draft", "returned", "submitted", "accepted")


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    parent_id: int | None
    level: str
    retired: bool = False


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

    @property
    def round(self) -> Any:
        return self.plan.plan.round(self.round_id)

    def questions_for(self, unit_id: int) -> list[Question]:
        """The questions of the plan version the unit's submission is pinned to."""
        sub = self.subs.get(unit_id)
        pinned = self.versions.get(sub.plan_id) if sub is not None else None
        return (pinned or self.plan).plan.questions(self.round_id)

    def status(self, unit_id: int) -> str:
        sub = self.subs.get(unit_id)
        return "not_started" if sub is None else sub.status

    def days_late(self, unit_id: int) -> int:
        """Days past the deadline: until submission, or at submission."""
        deadline = self.round.deadline
        sub = self.subs.get(unit_id)
        if sub is not None and sub.status in DONE and sub.submitted_at is not None:
            end = sub.submitted_at.astimezone(self.tz).date()
        elif sub is not None and sub.status in DONE:
            end = deadline
        else:
            end = self.today
        return max(0, (end - deadline).days)

    def overdue(self, unit_id: int) -> bool:
        return self.status(unit_id) not in DONE and self.today > self.round.deadline


def subtree(tree: dict[int, UnitInfo], root: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for u in tree.values():
        children.setdefault(u.parent_id, []).append(u.id)
    out, frontier = [root], [root]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, [])]
        out.extend(frontier)
    return out


def ancestors(tree: dict[int, UnitInfo], unit_id: int) -> list[int]:
    """The unit and every unit above it, nearest first."""
    out: list[int] = []
    current: int | None = unit_id
    while current is not None and current in tree and current not in out:
        out.append(current)
        current = tree[current].parent_id
    return out


def reporting_units(
    tree: dict[int, UnitInfo], roots: Iterable[int], plan: Plan, with_submission: set[int]
) -> list[UnitInfo]:
    """Units in the roots' subtrees that report on ``plan``: covered by its
    ``applies_to`` (when set), not the issuing level itself (a unit whose level
    is the plan's level issues it), and active, or retired with a submission
    (retired units keep their history)."""
    scope: set[int] = set()
    for root in roots:
        scope.update(subtree(tree, root))
    applies = {c.lower() for c in plan.applies_to}
    out = []
    for uid in scope:
        u = tree[uid]
        if u.level == plan.level:
            continue
        if u.retired and uid not in with_submission:
            continue
        if applies and not applies & {tree[a].code.lower() for a in ancestors(tree, uid)}:
            continue
        out.append(u)
    return sorted(out, key=lambda u: u.code)


def group_of(tree: dict[int, UnitInfo], roots: list[int], unit_id: int) -> int:
    """The roll-up group of a unit: with one root, the root's child above the
    unit (or the root itself); with several roots, the root above it."""
    chain = ancestors(tree, unit_id)
    if len(roots) == 1:
        root = roots[0]
        if root in chain:
            i = chain.index(root)
            return chain[i - 1] if i > 0 else root
        return unit_id
    for a in chain:
        if a in roots:
            return a
    return unit_id
