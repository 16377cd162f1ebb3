"""``Round.kind`` drives what a round asks and whether it is scored."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.core.errors import PlanError
from bot.domain.plan.loader import load_plan_data
from bot.domain.plan.model import Plan
from bot.domain.plan.rounds import ROUND_KINDS, round_kind
from bot.domain.scoring import rubric_of

SECTION = {"id": "s", "title": "S", "questions": [{"id": "q", "type": "text", "text": "Q"}]}
RUBRIC = {
    "id": "mau", "bands": [{"label": "Tốt", "min": 90}, {"label": "Yếu", "min": 0}],
    "groups": [{"id": "g", "title": "G", "criteria": [
        {"id": "a", "text": "A", "max_points": 100, "evidence": True},
        {"id": "b", "text": "B", "max_points": 5, "upper_level_only": True},
    ]}],
}


def plan_with(**round_fields: Any) -> dict[str, Any]:
    rnd = {"id": "r", "title": "R", "deadline": "2025-06-30", **round_fields}
    return {
        "schema_version": 1, "code": "thu", "title": "Thử", "year": 2025, "level": "huyen",
        "document": {"number": "1/KH", "date": "2025-01-02", "issuer": "UBND"},
        "rounds": [rnd], "rubrics": [copy.deepcopy(RUBRIC)],
    }


def load(data: dict[str, Any]) -> Plan:
    return load_plan_data(data, "thu.yaml")


@pytest.mark.parametrize("kind", ["report", "plan", "other"])
def test_a_questionnaire_round_asks_its_sections_and_is_not_scored(kind: str) -> None:
    p = load(plan_with(kind=kind, sections=[SECTION]))
    assert [q.id for q in p.questions("r")] == ["q"]
    assert rubric_of(p, "r") is None and not round_kind(kind).scored


def test_a_scoring_round_asks_its_sections_then_its_criteria() -> None:
    p = load(plan_with(kind="scoring", sections=[SECTION], rubric="mau"))
    assert [q.id for q in p.questions("r")] == ["q", "diem.g.a", "diem.g.a.minh-chung"]
    rubric = rubric_of(p, "r")
    assert rubric is not None and rubric.id == "mau" and round_kind("scoring").scored


def test_only_a_scoring_round_names_a_rubric() -> None:
    with pytest.raises(PlanError, match="only a scoring round is scored"):
        load(plan_with(kind="report", sections=[SECTION], rubric="mau"))
    with pytest.raises(PlanError, match="is a scoring round but names no rubric"):
        load(plan_with(kind="scoring", sections=[SECTION]))
    with pytest.raises(PlanError, match="has no questions and no rubric"):
        load(plan_with(kind="report"))


def test_every_kind_a_plan_may_name_has_a_strategy() -> None:
    assert set(ROUND_KINDS) == {"plan", "report", "scoring", "other"}
