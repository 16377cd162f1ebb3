"""The unit tree and the one rule for who reports on a plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.plan.loader import load_plan
from bot.domain.units import (
    UnitInfo,
    ancestors,
    group_of,
    minimal_roots,
    reporting_units,
    reports_on,
    subtree,
    under_any,
)
from tests.conftest import PLANS

TREE = {
    u.id: u for u in [
        UnitInfo(1, "TN", "UBND tỉnh", None, "tinh"),
        UnitInfo(2, "SNV", "Sở Nội vụ", 1, "so"),
        UnitInfo(3, "X-TANAN", "UBND phường Tân An", 1, "xa"),
        UnitInfo(4, "TH-TANAN", "Trường học Tân An", 3, "don-vi"),
        UnitInfo(5, "SCU", "Sở cũ", 1, "so", retired=True),
    ]
}


@dataclass
class R:
    who: str = "below"
    levels: list[str] = field(default_factory=list)


@dataclass
class P:
    level: str = "tinh"
    applies_to: list[str] = field(default_factory=list)
    rounds: dict[str, R] = field(default_factory=lambda: {"bao-cao": R()})

    def reporters_of(self, round_id: str | None = None) -> list[R]:
        return [r for rid, r in self.rounds.items() if round_id in (None, rid)]


def test_walks() -> None:
    assert ancestors(TREE, 4) == [4, 3, 1]
    assert ancestors(TREE, 99) == []
    assert subtree(TREE, 1) == [1, 2, 3, 5, 4]
    assert subtree(TREE, 3) == [3, 4]
    assert under_any(TREE, [3], 4) and not under_any(TREE, [2], 4)
    assert minimal_roots(TREE, [3, 1, 4, 1]) == [1]
    assert group_of(TREE, [1], 4) == 3 and group_of(TREE, [1], 1) == 1 and group_of(TREE, [2, 3], 4) == 3


def test_a_damaged_tree_does_not_loop() -> None:
    loop = {1: UnitInfo(1, "A", "A", 2, "so"), 2: UnitInfo(2, "B", "B", 1, "so")}
    assert ancestors(loop, 1) == [1, 2]
    assert sorted(subtree(loop, 1)) == [1, 2]


def test_the_issuing_level_does_not_report() -> None:
    assert not reports_on(TREE, 1, P("tinh"))
    assert [u.code for u in reporting_units(TREE, [1], P("tinh"))] == ["SNV", "TH-TANAN", "X-TANAN"]
    # a commune's plan: the commune issues it, the units below report
    assert [u.code for u in reporting_units(TREE, [1], P("xa"))] == ["SNV", "TH-TANAN", "TN"]


def test_applies_to_names_subtrees() -> None:
    plan = P("xa", ["x-tanan"])
    assert [u.code for u in reporting_units(TREE, [1], plan)] == ["TH-TANAN"]
    assert reports_on(TREE, 4, plan) and not reports_on(TREE, 2, plan)


def test_retired_units_report_only_with_a_submission() -> None:
    assert not reports_on(TREE, 5, P())
    assert reports_on(TREE, 5, P(), has_submission=True)
    assert "SCU" in [u.code for u in reporting_units(TREE, [1], P(), with_submission={5})]


# A tree as the 2025 plans were written for it: province → sở, district → commune → school.
OLD = {
    u.id: u for u in [
        UnitInfo(1, "TN", "UBND tỉnh", None, "tinh"),
        UnitInfo(2, "SNV", "Sở Nội vụ", 1, "so"),
        UnitInfo(3, "TP-TN", "UBND thành phố Tây Ninh", 1, "huyen"),
        UnitInfo(4, "X-TANAN", "UBND phường Tân An", 3, "xa"),
        UnitInfo(5, "TH-TANAN", "Trường học Tân An", 4, "don-vi"),
        UnitInfo(6, "PNV-TP", "Phòng Nội vụ thành phố", 3, "don-vi"),
    ]
}


def codes(tree: dict[int, UnitInfo], plan: P, round_id: str | None = None) -> list[str]:
    return [u.code for u in reporting_units(tree, [1], plan, round_id=round_id)]


def test_reporters_self_children_below_and_levels() -> None:
    assert codes(OLD, P("xa", rounds={"r": R("self")})) == ["X-TANAN"]
    assert codes(OLD, P("tinh", rounds={"r": R("children")})) == ["SNV", "TP-TN"]
    assert codes(OLD, P("huyen", rounds={"r": R("children")})) == ["PNV-TP", "X-TANAN"]
    assert codes(OLD, P("tinh", rounds={"r": R("below")})) == ["PNV-TP", "SNV", "TH-TANAN", "TP-TN", "X-TANAN"]
    assert codes(OLD, P("tinh", rounds={"r": R("below", ["xa"])})) == ["X-TANAN"]
    assert codes(OLD, P("tinh", rounds={"r": R("children", ["so"])})) == ["SNV"]


def test_each_round_has_its_reporters_and_a_plan_is_the_union() -> None:
    plan = P("huyen", rounds={"bao-cao": R("children"), "tong-hop": R("self")})
    assert codes(OLD, plan, "bao-cao") == ["PNV-TP", "X-TANAN"]
    assert codes(OLD, plan, "tong-hop") == ["TP-TN"]
    assert codes(OLD, plan) == ["PNV-TP", "TP-TN", "X-TANAN"]
    assert codes(OLD, plan, "no-such-round") == []


def test_the_commune_plan_is_reported_on_by_the_commune() -> None:
    plan = load_plan(PLANS / "tu-xuyen-2024.yaml")
    for rnd in plan.rounds:
        assert codes(OLD, plan, rnd.id) == ["X-TANAN"]  # not its school, not the district


def test_the_province_plan_does_not_chase_communes_it_does_not_bind() -> None:
    plan = load_plan(PLANS / "tay-ninh-2025.yaml")
    for rnd in plan.rounds:
        # IV.1 binds the sở and the districts; the district's communes report on its plan
        assert codes(OLD, plan, rnd.id) == ["SNV", "TP-TN"]
    city = load_plan(PLANS / "tp-tay-ninh-2025.yaml")
    assert codes(OLD, city, "6-thang") == ["PNV-TP", "X-TANAN"]
