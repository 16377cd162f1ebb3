"""Scores of one unit in a scoring round: self-scores (the unit's answers to
the rubric's questions), appraised scores (the upper level's, per criterion),
totals and the band.

The appraised total counts, per criterion, the appraised points when the
criterion was appraised and the self-score otherwise; criteria only the upper
level awards count only when appraised. A unit without any appraisal has no
appraised total, and its final score is its self-score.

The band: once appraised, the appraised total's. Before, the self-score's
share of what a unit can give itself (``self_max``: the normal criteria the
upper level does not award), put on the rubric's scale — so a unit does not
look "Khá" only because the upper level has not given its points yet.

A criterion may not apply to a unit (it picked an option ``not_applicable``,
"Không áp dụng"): its points leave the maximum, and the band is read on the
applicable maximum — the total ÷ (the rubric's points less the criteria that
do not apply) on the rubric's scale, and before appraisal self ÷ the
applicable self-max. A choice criterion scores its chosen option's points.

A band may have conditions (``not_if``: "không xếp loại Tốt nếu …"): a
criterion scored below a threshold keeps the unit out of that band, down to
the next one whose conditions hold (:meth:`Rubric.banded`); the condition
that did so is ``UnitScore.capped_by``.

Computed criteria are not asked: ``computed_score`` works their points out
from how late the rounds they name were (the calendar's ``Lateness``, which
the service measures); the points are stored as the unit's answer when it
submits, so every total, summary and export reads them like the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.plan.model import Band, Criterion, Plan, Rubric, Target, score_question_id
from bot.domain.plan.rubric import BandCondition
from bot.domain.reminders.calendar import Lateness


def criterion_key(group_id: str, criterion_id: str) -> str:
    return f"{group_id}.{criterion_id}"


@dataclass(frozen=True, slots=True)
class CriterionScore:
    key: str
    group_title: str
    criterion: Criterion
    self_points: float | None
    appraised: float | None
    comment: str | None
    applies: bool = True  # False: the unit answered "not applicable"; out of the maximum


@dataclass(frozen=True, slots=True)
class UnitScore:
    criteria: tuple[CriterionScore, ...]
    self_total: float | None  # None: nothing self-scored yet
    appraised_total: float | None  # None: not appraised
    final: float | None
    band: Band | None
    self_max: float = 0.0  # the points a unit can give itself (``self_max``), of the criteria that apply
    self_scaled: float | None = None  # self_total on the rubric's scale, as banded before appraisal
    applicable_max: float = 0.0  # the rubric's points less the criteria that do not apply to the unit
    capped_by: BandCondition | None = None  # the band condition that kept it out of a higher band


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def rubric_of(plan: Plan, round_id: str) -> Rubric | None:
    """The rubric a round is scored by, as its kind decides (``None``: not scored)."""
    return plan.scoring_rubric(round_id)


def find_criterion(rubric: Rubric, key: str) -> Criterion | None:
    for g in rubric.groups:
        for c in g.criteria:
            if criterion_key(g.id, c.id) == key:
                return c
    return None


def self_max(rubric: Rubric, not_applicable: frozenset[str] = frozenset()) -> float:
    """The points a unit can give itself: its normal criteria, without those
    only the upper level awards (bonus and penalty lines go on top of it) and
    those that do not apply to it (``not_applicable``: criterion keys)."""
    return sum(c.max_points for g in rubric.groups for c in g.criteria
               if c.kind == "normal" and not c.upper_level_only and criterion_key(g.id, c.id) not in not_applicable)


def self_scaled(rubric: Rubric, self_total: float, not_applicable: frozenset[str] = frozenset()) -> float:
    """A self-score on the rubric's scale: self ÷ self-max × total points."""
    top = self_max(rubric, not_applicable)
    return round(self_total / top * rubric.total_points, 2) if top else self_total


def _on_scale(rubric: Rubric, total: float, applicable: float) -> float:
    """An appraised total on the rubric's scale when some points do not apply."""
    if applicable <= 0 or applicable == rubric.total_points:
        return total
    return round(total / applicable * rubric.total_points, 2)


def _own_points(c: Criterion, value: Any) -> float | None:
    return c.option_points(value) if c.options else _num(value)


def score_unit(rubric: Rubric, answers: Mapping[str, Any], appraisals: Mapping[str, Any]) -> UnitScore:
    rows: list[CriterionScore] = []
    self_total = 0.0
    any_self = False
    appraised_total = 0.0
    points: dict[str, float | None] = {}  # each criterion's points, as band conditions read them
    not_applicable: set[str] = set()
    for g in rubric.groups:
        for c in g.criteria:
            key = criterion_key(g.id, c.id)
            value = None if c.upper_level_only else answers.get(score_question_id(g.id, c.id))
            applies = not c.not_applicable(value)
            own = _own_points(c, value) if applies else None
            a = appraisals.get(key) if applies else None
            upper = None if a is None else float(a.points)
            rows.append(CriterionScore(key, g.title, c, own, upper, None if a is None else a.comment, applies))
            points[key] = upper if upper is not None else own
            if not applies:
                not_applicable.add(key)
            if own is not None:
                self_total += own
                any_self = True
            if upper is not None:
                appraised_total += upper
            elif own is not None:
                appraised_total += own
    na = frozenset(not_applicable)
    applicable = rubric.total_points - sum(r.criterion.max_points for r in rows
                                           if not r.applies and r.criterion.kind == "normal")
    self_value = round(self_total, 2) if any_self else None
    appraised_value = round(appraised_total, 2) if appraisals else None
    final = appraised_value if appraised_value is not None else self_value
    scaled = None if self_value is None else self_scaled(rubric, self_value, na)
    band: Band | None = None
    capped: BandCondition | None = None
    if appraised_value is not None:
        band, capped = rubric.banded(_on_scale(rubric, appraised_value, applicable), points)
    elif scaled is not None:
        band, capped = rubric.banded(scaled, points)
    return UnitScore(tuple(rows), self_value, appraised_value, final, band, self_max(rubric, na), scaled,
                     applicable, capped)


def band_target(plan: Plan, rubric: Rubric) -> Target | None:
    """The plan's target share of units in the top band (e.g. "≥ 90 % rated
    Tốt"): the first plan target with a minimum whose wording names the top
    band's label."""
    top = rubric.bands[0].label
    for target in plan.targets:
        if target.min is not None and target.text and top in target.text:
            return target
    return None


@dataclass(frozen=True, slots=True)
class ComputedScore:
    """A criterion the bot fills in, with the lateness of each round it names."""

    question_id: str
    criterion: Criterion
    points: float
    rounds: tuple[tuple[str, Lateness], ...]


def computed_criteria(rubric: Rubric) -> list[tuple[str, Criterion]]:
    """The criteria the bot computes, with the answer id their points go under."""
    return [(score_question_id(g.id, c.id), c) for g in rubric.groups for c in g.criteria if c.computed]


def computed_rounds(c: Criterion, round_id: str) -> list[str]:
    """The rounds whose punctuality a computed criterion measures."""
    return list(c.computed.rounds) if c.computed and c.computed.rounds else [round_id]


def computed_score(question_id: str, c: Criterion, lateness: Mapping[str, Lateness]) -> ComputedScore:
    """Punctuality: on time everywhere → the criterion's points (a penalty: 0);
    late anywhere → 0 (a penalty: all of it taken off)."""
    late = any(x.late for x in lateness.values())
    if c.kind == "penalty":
        points = -c.max_points if late else 0.0
    else:
        points = 0.0 if late else c.max_points
    return ComputedScore(question_id, c, points, tuple(lateness.items()))
