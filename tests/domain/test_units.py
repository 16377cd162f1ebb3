"""The unit tree and the one rule for who reports on a plan."""

from __future__ import annotations

from dataclasses import dataclass, field

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
class P:
    level: str = "tinh"
    applies_to: list[str] = field(default_factory=list)


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
