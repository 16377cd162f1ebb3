"""Scores of one unit in a scoring round: self-scores (the unit's answers to
the rubric's questions), appraised scores (the upper level's, per criterion),
totals and the band.

The appraised total counts, per criterion, the appraised points when the
criterion was appraised and the self-score otherwise; criteria only the upper
level awards count only when appraised. A unit without any appraisal has no
appraised total, and its final score is its self-score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.plan.model import Band, Criterion, Plan, Rubric, Target, score_question_id


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


@dataclass(frozen=True, slots=True)
class UnitScore:
    criteria: tuple[CriterionScore, ...]
    self_total: float | None  # None: nothing self-scored yet
    appraised_total: float | None  # None: not appraised
    final: float | None
    band: Band | None


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


def score_unit(rubric: Rubric, answers: Mapping[str, Any], appraisals: Mapping[str, Any]) -> UnitScore:
    rows: list[CriterionScore] = []
    self_total = 0.0
    any_self = False
    appraised_total = 0.0
    for g in rubric.groups:
        for c in g.criteria:
            key = criterion_key(g.id, c.id)
            own = None if c.upper_level_only else _num(answers.get(score_question_id(g.id, c.id)))
            a = appraisals.get(key)
            upper = None if a is None else float(a.points)
            rows.append(CriterionScore(key, g.title, c, own, upper, None if a is None else a.comment))
            if own is not None:
                self_total += own
                any_self = True
            if upper is not None:
                appraised_total += upper
            elif own is not None:
                appraised_total += own
    self_value = round(self_total, 2) if any_self else None
    appraised_value = round(appraised_total, 2) if appraisals else None
    final = appraised_value if appraised_value is not None else self_value
    band = rubric.band_for(final) if final is not None else None
    return UnitScore(tuple(rows), self_value, appraised_value, final, band)


def band_target(plan: Plan, rubric: Rubric) -> Target | None:
    """The plan's target share of units in the top band (e.g. "≥ 90 % rated
    Tốt"): the first plan target with a minimum whose wording names the top
    band's label."""
    top = rubric.bands[0].label
    for target in plan.targets:
        if target.min is not None and target.text and top in target.text:
            return target
    return None
