"""Every summary figure over a generated tree against an independent computation."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.core.clock import FakeClock
from bot.services.runtime import Runtime
from bot.shell.cli.summary import round_summary
from tests.support.expected import expected_summary
from tests.support.tree import ROUNDS, build_tree


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


@pytest.mark.parametrize("round_id", ROUNDS)
@pytest.mark.parametrize("days_after", [-3, 5])
async def test_summary_matches_independent_computation(
    rt: Runtime, clock: FakeClock, round_id: str, days_after: int
) -> None:
    tree = await build_tree(rt)
    deadline = tree.plan.round(round_id).due  # the last day ("trước ngày 20/5": 19/5)
    today = deadline + dt.timedelta(days=days_after)
    clock.set(dt.datetime(today.year, today.month, today.day, 3, 0, tzinfo=dt.UTC))
    got = await round_summary(rt, round_id, None)
    json.dumps(got, ensure_ascii=False)  # the CLI's --json output must serialise
    want = expected_summary(tree, round_id, ["TN"], today)

    assert got["total"] == want["total"] == 120
    assert got["counts"] == want["counts"]
    assert got["completion_pct"] == want["completion_pct"]
    assert [(o["unit"], o["days_late"]) for o in got["overdue_units"]] == want["overdue_units"]
    assert bool(want["overdue_units"]) == (days_after > 0)
    assert {u["unit"]: u["days_late"] for u in got["units"]} == want["days_late"]
    assert {u["unit"]: u["status"] for u in got["units"]} == {
        c: tree.status[(round_id, c)] for c in want["days_late"]}
    assert {u["unit"]: u["answers"] for u in got["units"] if u["answers"]} == {
        c: a for (r, c), a in tree.answers.items() if r == round_id and a}
    # roll-up: one group per sở (its xã included)
    assert {g["unit"]: (g["total"], g["submitted"] + g["accepted"]) for g in got["children"]} == want["children"]
    assert all(g["total"] == 6 for g in got["children"])

    numeric = {q["id"]: q for q in got["numeric"]}
    assert set(numeric) == set(want["numeric"])
    for qid, (n, lo, med, hi, meets) in want["numeric"].items():
        q = numeric[qid]
        assert q["n"] == n, qid
        assert _close(q["min"], lo) and _close(q["median"], med) and _close(q["max"], hi), qid
        assert q["meets_target"] == meets, qid
    choices = {q["id"]: {o["id"]: o["count"] for o in q["options"]} for q in got["choices"]}
    assert choices == want["choices"]

    if round_id == "tu-cham-diem":
        sc, ws = got["scoring"], want["scoring"]
        assert {b["label"]: b["count"] for b in sc["bands"]} == ws["bands"]
        assert sc["rated"] == ws["rated"]
        assert sc["top_share_pct"] == ws["top_share_pct"]
        assert sc["target_pct"] == 90 and sc["target_strict"] is True  # "trên 90%": more than 90
        assert sc["meets_target"] is (ws["top_share_pct"] > 90)
        finals = {u["unit"]: u["scores"]["final"] for u in got["units"] if u["unit"] in ws["finals"]}
        assert finals == pytest.approx(ws["finals"])
        assert any(u["scores"]["appraised"] is not None for u in got["units"])
    else:
        assert got["scoring"] is None


async def test_subtree_summary_rolls_up_to_children(rt: Runtime, clock: FakeClock) -> None:
    tree = await build_tree(rt)
    today = dt.date(2025, 5, 25)
    clock.set(dt.datetime(2025, 5, 25, 3, 0, tzinfo=dt.UTC))
    got = await round_summary(rt, "6-thang", None, unit="S03")
    want = expected_summary(tree, "6-thang", ["S03"], today)
    assert {u["unit"] for u in got["units"]} == {"S03", "X002", "X022", "X042", "X062", "X082"}
    assert got["counts"] == want["counts"]
    assert {g["unit"]: (g["total"], g["submitted"] + g["accepted"]) for g in got["children"]} == want["children"]


def test_strict_and_inclusive_targets() -> None:
    from bot.domain.plan.model import Target
    from bot.domain.summary import meets

    above = Target(min=90, strict=True)
    at_least = Target(min=90)
    assert meets(at_least, 90) and not meets(above, 90)
    assert meets(above, 90.5) and meets(at_least, 90.5)
    assert not meets(above, "90") and not meets(Target(max=5, strict=True), 5)
