"""The totals of /summary and ``dvbot summary --json`` over a generated tree
(120 units), against sums computed here from the generator's own record; and
a pooled rate against its count pairs (not the mean of the units' rates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.core.clock import FakeClock
from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Plan, QuestionType
from bot.domain.reports import PlanVersion, RoundData, UnitInfo
from bot.domain.totals import compute_totals, punctuality
from bot.services.runtime import Runtime
from bot.shell.cli.summary import round_summary
from tests.support.tree import applies, build_tree

DONE = ("submitted", "accepted")
PLANS = Path(__file__).resolve().parents[2] / "plans"


@pytest.mark.parametrize("days_after", [-3, 5])
async def test_totals_match_independent_sums(rt: Runtime, clock: FakeClock, days_after: int) -> None:
    tree = await build_tree(rt)
    rnd = tree.plan.round("6-thang")
    today = rnd.due + dt.timedelta(days=days_after)  # the last day ("trước ngày 20/5": 19/5)
    clock.set(dt.datetime(today.year, today.month, today.day, 3, 0, tzinfo=dt.UTC))
    got = await round_summary(rt, "6-thang", None)
    totals = got["totals"]
    units = [u["unit"] for u in got["units"]]
    assert len(units) >= 100
    done = [c for c in units if tree.status[("6-thang", c)] in DONE]
    assert totals["units"] == len(done)

    counts = {c["id"]: c for c in totals["counts"]}
    integer_ids = [q.id for q in tree.plan.questions("6-thang") if q.type == QuestionType.INTEGER]
    assert set(counts) == set(integer_ids) and integer_ids
    for qid in integer_ids:
        given = [(c, tree.answers[("6-thang", c)][qid]) for c in done if qid in tree.answers[("6-thang", c)]]
        assert counts[qid]["total"] == sum(v for _, v in given), qid
        assert counts[qid]["units"] == len(given), qid
        by_level: dict[str, int] = {}
        for c, v in given:
            by_level[tree.level[c]] = by_level.get(tree.level[c], 0) + v
        assert counts[qid]["by_level"] == by_level, qid
    assert any(len(c["by_level"]) == 2 for c in counts.values())  # sở and xã both counted

    for a in totals["attainment"]:
        q = next(q for q in tree.plan.questions("6-thang") if q.id == a["id"])
        assert q.target is not None
        relevant = [tree.answers[("6-thang", c)] for c in done
                    if tree.asked("6-thang", c, q.id) and applies(q, tree.answers[("6-thang", c)])]
        if q.target.equals is not None:
            met = sum(1 for ans in relevant if ans.get(q.id) == q.target.equals)
        else:
            met = sum(1 for ans in relevant if ans.get(q.id) is not None and ans[q.id] >= (q.target.min or 0))
        assert (a["applies"], a["met"]) == (len(relevant), met), q.id
        assert a["blank"] == sum(1 for ans in relevant if ans.get(q.id) is None)
    assert {a["id"] for a in totals["attainment"]} == {q.id for q in tree.plan.questions("6-thang") if q.target}
    # the Inspectorate's own target (IV.2.c) is counted on the Inspectorate alone
    inspectorate = next(a for a in totals["attainment"] if a["id"] == "nv-thanh-tra.ton-dong")
    assert inspectorate["applies"] == (1 if "S01" in done else 0)

    late = {c: (tree.submitted_at[("6-thang", c)].date() - rnd.due).days > 0 for c in done}
    want = {"on_time": sum(not v for v in late.values()), "late": sum(late.values()),
            "overdue": (len(units) - len(done)) if days_after > 0 else 0,
            "pending": 0 if days_after > 0 else len(units) - len(done)}
    assert totals["punctuality"] == want
    assert {u["unit"]: u["punctuality"] for u in got["units"] if u["unit"] in done} == {
        c: "late" if v else "on_time" for c, v in late.items()}

    texts = {g["id"]: g for g in totals["texts"]}
    for qid, g in texts.items():
        assert [i["unit"] for i in g["items"]] == [
            c for c in done if str(tree.answers[("6-thang", c)].get(qid) or "").strip()], qid


def test_punctuality_rule() -> None:
    assert punctuality("submitted", 0, False) == "on_time"
    assert punctuality("accepted", 2, False) == "late"
    assert punctuality("draft", 3, True) == "overdue"
    assert punctuality("not_started", 0, False) == "pending"


class _Sub:
    def __init__(self, sid: int, status: str) -> None:
        self.id, self.status, self.plan_id = sid, status, 1
        self.submitted_at = dt.datetime(2025, 5, 10, 2, 0, tzinfo=dt.UTC)


def _with_rate(plan: Plan, expr: str) -> Plan:
    """The plan with the petitions rate declared as a calculated pair (the
    attribute :mod:`bot.domain.figures` reads)."""
    rounds = []
    for rnd in plan.rounds:
        sections = []
        for s in rnd.sections:
            qs = [q.model_copy(update={"formula": expr}) if q.id == "so-lieu.ty-le-giai-quyet" else q
                  for q in s.questions]
            sections.append(s.model_copy(update={"questions": qs}))
        rounds.append(rnd.model_copy(update={"sections": sections}))
    return plan.model_copy(update={"rounds": rounds})


@pytest.mark.parametrize("expr", ["{dan-chu-co-so.kiem-tra} / {dan-chu-co-so.don-thu} * 100",
                                  "100 * ({dan-chu-co-so.kiem-tra} / {dan-chu-co-so.don-thu})",
                                  "100 * {dan-chu-co-so.kiem-tra} / {dan-chu-co-so.don-thu}"])
def test_rate_is_pooled_from_counts_not_averaged(expr: str) -> None:
    plan = _with_rate(load_plan(PLANS / "tay-ninh-2025.yaml"), expr)
    units = [UnitInfo(i, f"U{i}", f"Đơn vị {i}", None, "so") for i in (1, 2, 3)]
    answers: dict[int, dict[str, Any]] = {
        1: {"dan-chu-co-so.don-thu": 1, "dan-chu-co-so.kiem-tra": 1},    # 100 %
        2: {"dan-chu-co-so.don-thu": 99, "dan-chu-co-so.kiem-tra": 0},   # 0 %
        3: {"dan-chu-co-so.don-thu": 50, "dan-chu-co-so.kiem-tra": 49},  # a draft: not counted
    }
    data = RoundData(
        plan=PlanVersion(1, plan.code, 1, "x", dt.datetime(2025, 1, 1, tzinfo=dt.UTC), plan), round_id="6-thang",
        roots=[], tree={u.id: u for u in units}, units=units,
        subs={1: _Sub(1, "submitted"), 2: _Sub(2, "accepted"), 3: _Sub(3, "draft")}, answers=answers,
        today=dt.date(2025, 5, 25))
    rate = next(r for r in compute_totals(data).rates if r.id == "so-lieu.ty-le-giai-quyet")
    assert (rate.part, rate.whole, rate.units) == (1, 100, 2)
    assert rate.pct == 1.0  # 1 of 100 petitions, not the mean of 100 % and 0 %
    counted = compute_totals(data).count("dan-chu-co-so.don-thu")
    assert counted is not None and counted.total == 100
