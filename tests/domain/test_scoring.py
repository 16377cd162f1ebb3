"""Scores and bands (bot/domain/scoring.py): before appraisal a unit is banded
on its self-score's share of what it can give itself, so the points only the
upper level awards do not pull it down a band; criteria the bot computes
(punctuality) are declared in the plan and never asked (issue #10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.domain.entities import Appraisal
from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Criterion, Plan, Rubric
from bot.domain.plan.rubric import Computed
from bot.domain.reminders.calendar import Lateness
from bot.domain.scoring import (
    computed_criteria,
    computed_rounds,
    computed_score,
    score_unit,
    self_max,
    self_scaled,
)

PLANS = Path(__file__).parents[2] / "plans"
SMALL = Path(__file__).parents[1] / "handlers" / "golden" / "plans" / "cham-diem-2025.yaml"


def _small() -> Rubric:
    rubric = load_plan(SMALL).rubric("mau-nho")
    assert rubric is not None
    return rubric


def test_self_max_leaves_out_upper_level_points_bonus_and_penalty() -> None:
    assert self_max(_small()) == 80  # 40 + 30 + 10; the 20 appraisal points are the upper level's
    plan = load_plan(PLANS / "tay-ninh-2025.yaml")
    # 100 points in all: 10 are the upper level's; the bonus (5) and penalty (5) lines are not a maximum
    assert self_max(plan.rubric("qd-908-mau")) == 90


def _mark(points: float) -> Appraisal:
    return Appraisal("bao-cao.tham-dinh", points, None, "console:boss", dt.datetime(2025, 5, 3, tzinfo=dt.UTC))


@pytest.mark.parametrize(("answers", "scaled", "band"), [
    ({"diem.lanh-dao.ke-hoach": 38, "diem.lanh-dao.quan-triet": 25, "diem.bao-cao.dung-han": 10}, 91.25, "Tốt"),
    ({"diem.lanh-dao.ke-hoach": 30, "diem.lanh-dao.quan-triet": 25, "diem.bao-cao.dung-han": 10}, 81.25, "Khá"),
    ({"diem.lanh-dao.ke-hoach": 38}, 47.5, "Yếu"),
])
def test_before_appraisal_the_band_is_the_self_scores_share(answers: dict[str, float], scaled: float, band: str) -> None:
    score = score_unit(_small(), answers, {})
    assert score.self_total == sum(answers.values()) and score.self_max == 80
    assert score.self_scaled == scaled and score.band is not None and score.band.label == band
    assert score.final == score.self_total  # the figure itself stays the unit's own points


def test_once_appraised_the_band_is_the_appraised_totals() -> None:
    answers = {"diem.lanh-dao.ke-hoach": 38, "diem.lanh-dao.quan-triet": 25, "diem.bao-cao.dung-han": 10}
    score = score_unit(_small(), answers, {"bao-cao.tham-dinh": _mark(10)})
    assert score.appraised_total == 83 and score.band is not None and score.band.label == "Khá"
    score = score_unit(_small(), answers, {"bao-cao.tham-dinh": _mark(20)})
    assert score.appraised_total == 93 and score.band is not None and score.band.label == "Tốt"


def test_nothing_scored_has_no_band_and_a_rubric_without_own_points_keeps_its_scale() -> None:
    score = score_unit(_small(), {}, {})
    assert (score.self_total, score.self_scaled, score.band) == (None, None, None)
    rubric = _small().model_copy(update={"groups": []})
    assert self_scaled(rubric, 7) == 7


# ---- computed criteria ---------------------------------------------------------------------


def _crit(**kw: object) -> Criterion:
    return Criterion.model_validate({"id": "dung-han", "text": "Gửi đúng hạn", "max_points": 5, **kw})


def test_computed_is_declared_by_its_rule_alone_or_with_rounds() -> None:
    assert _crit(computed="punctuality").computed == Computed(rule="punctuality", rounds=[])
    assert _crit(computed={"rule": "punctuality", "rounds": ["6-thang"]}).computed == Computed(
        rule="punctuality", rounds=["6-thang"])
    with pytest.raises(ValidationError, match="unit's, not the upper level's"):
        _crit(computed="punctuality", upper_level_only=True)
    with pytest.raises(ValidationError):
        _crit(computed="guesswork")


def test_a_computed_criterion_is_never_asked_and_its_rounds_must_exist() -> None:
    plan = load_plan(SMALL)
    assert "diem.bao-cao.dung-han" not in [q.id for q in plan.questions("cham-diem")]
    assert [qid for qid, _ in computed_criteria(_small())] == ["diem.bao-cao.dung-han"]
    data = plan.model_dump(mode="json")
    data["rubrics"][0]["groups"][1]["criteria"][0]["computed"] = {"rule": "punctuality", "rounds": ["6-thang"]}
    with pytest.raises(ValidationError, match="computed from unknown round '6-thang'"):
        Plan.model_validate(data)


ON_TIME, LATE = Lateness(0, 0), Lateness(4, 2)


@pytest.mark.parametrize(("kind", "lateness", "points"), [
    ("normal", {"a": ON_TIME}, 5),
    ("normal", {"a": LATE}, 0),
    ("normal", {"a": ON_TIME, "b": LATE}, 0),  # late anywhere: the points are lost
    ("bonus", {"a": ON_TIME}, 5),
    ("penalty", {"a": ON_TIME, "b": ON_TIME}, 0),
    ("penalty", {"a": ON_TIME, "b": LATE}, -5),
    ("normal", {"a": Lateness(2, 0)}, 5),  # a deadline on a rest day: Monday is still on time
])
def test_punctuality_points(kind: str, lateness: dict[str, Lateness], points: float) -> None:
    score = computed_score("diem.x.dung-han", _crit(kind=kind, computed="punctuality"), lateness)
    assert score.points == points and dict(score.rounds) == lateness


def test_computed_rounds_default_to_the_scoring_round() -> None:
    assert computed_rounds(_crit(computed="punctuality"), "tu-cham-diem") == ["tu-cham-diem"]
    assert computed_rounds(_crit(computed={"rule": "punctuality", "rounds": ["a", "b"]}), "x") == ["a", "b"]
