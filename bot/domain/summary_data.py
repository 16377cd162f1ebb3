"""The summary of one round, typed: frozen records built by
:func:`bot.domain.summary.summarize`, read by the chat views and the CLI.

``to_json()`` gives the JSON-ready dicts of ``dvbot summary --json`` (keys
in the order that command has always printed). The per-question statistics
(``numeric``, ``choices``) stay JSON-ready dicts: their shape belongs to the
question types.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.domain.status import DONE, STATUSES

if TYPE_CHECKING:
    from bot.domain.totals import Totals


@dataclass(frozen=True, slots=True)
class Spread:
    n: int = 0
    min: float | None = None
    median: float | None = None
    max: float | None = None

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            return cls()
        return cls(len(values), min(values), statistics.median(values), max(values))

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "min": self.min, "median": self.median, "max": self.max}


@dataclass(frozen=True, slots=True)
class Counts:
    """Units by status (a partition), and how many of them are overdue (overlapping)."""

    not_started: int = 0
    draft: int = 0
    returned: int = 0
    submitted: int = 0
    accepted: int = 0
    overdue: int = 0

    def of(self, status: str) -> int:
        return int(getattr(self, status))

    @property
    def done(self) -> int:
        return sum(self.of(s) for s in DONE)

    def to_json(self) -> dict[str, int]:
        return {**{s: self.of(s) for s in STATUSES}, "overdue": self.overdue}


@dataclass(frozen=True, slots=True)
class ScopeRoot:
    unit: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "name": self.name}


@dataclass(frozen=True, slots=True)
class OverdueUnit:
    unit: str
    name: str
    status: str
    days_late: int

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "name": self.name, "status": self.status, "days_late": self.days_late}


@dataclass(frozen=True, slots=True)
class Group:
    """One roll-up group (a child of the scope root, or a root)."""

    unit: str
    name: str
    total: int
    counts: Counts
    completion_pct: float

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "name": self.name, "total": self.total, **self.counts.to_json(),
                "completion_pct": self.completion_pct}


@dataclass(frozen=True, slots=True)
class Scores:
    self_total: float | None
    appraised: float | None
    final: float | None
    band: str | None  # only once submitted or accepted

    def to_json(self) -> dict[str, Any]:
        return {"self": self.self_total, "appraised": self.appraised, "final": self.final, "band": self.band}


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit: str
    name: str
    parent: str | None
    status: str
    answered: int
    total: int
    missing: int
    submitted_at: dt.datetime | None
    days_late: int
    overdue: bool
    plan_version: int
    answers: dict[str, Any]
    scores: Scores | None = None  # scoring rounds only
    level: str = ""
    punctuality: str = "pending"  # bot.domain.totals.punctuality

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": self.unit, "name": self.name, "parent": self.parent, "level": self.level,
            "status": self.status, "answered": self.answered, "total": self.total, "missing": self.missing,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "days_late": self.days_late, "overdue": self.overdue, "punctuality": self.punctuality,
            "plan_version": self.plan_version,
            "answers": self.answers,
        }
        if self.scores is not None:
            out["scores"] = self.scores.to_json()
        return out


@dataclass(frozen=True, slots=True)
class Band:
    label: str
    label_en: str | None
    min: float
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "label_en": self.label_en, "min": self.min, "count": self.count}


@dataclass(frozen=True, slots=True)
class Scoring:
    rubric: str
    sample: bool
    total_points: float
    rated: int
    bands: tuple[Band, ...]
    top_band: str
    top_count: int
    top_share_pct: float
    target_pct: float | None
    target_strict: bool
    meets_target: bool | None
    self_scores: Spread
    appraised: Spread
    final: Spread

    @property
    def top(self) -> Band:
        return next(b for b in self.bands if b.label == self.top_band)

    def to_json(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric, "sample": self.sample, "total_points": self.total_points, "rated": self.rated,
            "bands": [b.to_json() for b in self.bands], "top_band": self.top_band, "top_count": self.top_count,
            "top_share_pct": self.top_share_pct, "target_pct": self.target_pct,
            "target_strict": self.target_strict, "meets_target": self.meets_target,
            "self": self.self_scores.to_json(), "appraised": self.appraised.to_json(), "final": self.final.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Summary:
    plan: str
    plan_version: int
    round: str
    title: str
    title_en: str | None
    kind: str
    deadline: dt.date
    today: dt.date
    scope: tuple[ScopeRoot, ...]
    total: int
    counts: Counts
    completion_pct: float
    overdue_units: tuple[OverdueUnit, ...]
    children: tuple[Group, ...]
    numeric: list[dict[str, Any]] = field(default_factory=list)
    choices: list[dict[str, Any]] = field(default_factory=list)
    scoring: Scoring | None = None
    units: tuple[UnitRow, ...] = ()
    totals: Totals | None = None

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan, "plan_version": self.plan_version, "round": self.round,
            "title": self.title, "title_en": self.title_en, "kind": self.kind,
            "deadline": self.deadline.isoformat(), "today": self.today.isoformat(),
            "scope": [s.to_json() for s in self.scope], "total": self.total, "counts": self.counts.to_json(),
            "completion_pct": self.completion_pct, "overdue_units": [o.to_json() for o in self.overdue_units],
            "children": [g.to_json() for g in self.children], "numeric": self.numeric, "choices": self.choices,
            "scoring": None if self.scoring is None else self.scoring.to_json(),
            "totals": None if self.totals is None else self.totals.to_json(),
            "units": [u.to_json() for u in self.units],
        }
