"""What a round's deadline means (``deadline_kind``): "trước ngày X" ends on
the working day before X, "chậm nhất ngày X" on X; reminders and lateness
follow the round's last day (``Round.due``), and a round the plan gives no
date is flagged and chased by nobody until an admin sets one."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

import pytest

from bot.core.errors import UndatedRound
from bot.domain.plan.deadlines import last_day
from bot.domain.plan.loader import load_plan, load_plan_data
from bot.domain.plan.model import Plan
from bot.domain.reminders import policy as pol
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.planner import World, compute
from bot.domain.reminders.targets import OfficerTarget
from bot.domain.units import UnitInfo
from tests.conftest import PLANS

D = dt.date
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar()


def test_before_is_the_working_day_before_and_by_is_the_day() -> None:
    assert D(2025, 11, 1).weekday() == 5  # a Saturday
    assert last_day(D(2025, 11, 1), "before") == D(2025, 10, 31)  # Friday
    assert last_day(D(2025, 11, 1), "by") == D(2025, 11, 1)
    assert last_day(D(2025, 5, 20), "before") == D(2025, 5, 19)  # Tuesday → Monday
    assert last_day(D(2025, 5, 12), "before") == D(2025, 5, 9)  # Monday → the Friday before
    # 1/9 and 2/9/2025 are the National Day holiday: "trước ngày 03/9" ends on Friday 29/8
    assert last_day(D(2025, 9, 3), "before") == D(2025, 8, 29)


def test_bundled_rounds_read_their_wording() -> None:
    province = load_plan(PLANS / "tay-ninh-2025.yaml")
    assert [(r.id, r.deadline_kind, r.due) for r in province.rounds] == [
        ("ke-hoach", "by", D(2025, 3, 28)),  # "chậm nhất 28/3/2025"
        ("6-thang", "before", D(2025, 5, 19)),  # "Trước ngày 20/5/2025"
        ("ca-nam", "before", D(2025, 10, 31)),  # "Trước ngày 01/11/2025", a Saturday
        ("tu-cham-diem", "before", D(2025, 11, 14)),  # "trước ngày 15/11/2025", a Saturday
    ]
    city = load_plan(PLANS / "tp-tay-ninh-2025.yaml")
    assert city.round("tu-cham-diem").due == D(2025, 10, 31)  # "trước ngày 01/11/2025"
    assert city.round("6-thang").due == D(2025, 5, 9)  # "Trước ngày 12/5/2025", a Monday
    for plan in (province, city, load_plan(PLANS / "tu-xuyen-2024.yaml")):
        for rnd in plan.rounds:
            wording = (rnd.deadline_text or "").lower()
            assert rnd.deadline_kind == ("before" if wording.startswith("trước ngày") else "by"), rnd.id


def test_reminders_never_move_past_the_last_day_and_lateness_starts_after_it() -> None:
    rnd = load_plan(PLANS / "tay-ninh-2025.yaml").round("ca-nam")
    slots = pol.schedule(rnd.due, rnd.reminders or pol.ReminderPolicy(), CAL)
    early = [s for s in slots if s.kind in ("before", "due_today")]
    assert max(s.day for s in early) == D(2025, 10, 31)
    assert [s.day for s in early if s.kind == "due_today"] == [D(2025, 10, 31)]
    assert min(s.day for s in slots if s.kind == "overdue") > D(2025, 10, 31)
    # sent on Monday 3/11: one working day late (read as "by 01/11", a rest day,
    # Monday would have been on time)
    assert CAL.lateness(rnd.due, D(2025, 11, 3)).working_days == 1
    assert not CAL.lateness(D(2025, 11, 1), D(2025, 11, 3)).late
    assert not CAL.lateness(rnd.due, D(2025, 10, 31)).late


@dataclass(frozen=True)
class Stored:
    code: str
    plan: Plan


def test_the_planner_plans_the_annual_round_on_friday() -> None:
    tree = {1: UnitInfo(1, "TN", "UBND tỉnh", None, "tinh"), 2: UnitInfo(2, "SNV", "Sở Nội vụ", 1, "so")}
    officers = {2: [OfficerTarget(12, 2, "Officer", "vi", "console", "o2", reachable=True)]}
    world = World(plans=[Stored("tn", load_plan(PLANS / "tay-ninh-2025.yaml"))], tree=tree, officers=officers)
    rows = [r for r in compute(world, CAL, TZ, D(2025, 10, 1), D(2025, 11, 30)) if r["round_id"] == "ca-nam"]
    officer = {(r["kind"], r["due_at"].astimezone(TZ).date()) for r in rows if r["recipient_kind"] == "officer"}
    assert ("due_today", D(2025, 10, 31)) in officer
    assert not any(k in ("before", "due_today") and day > D(2025, 10, 31) for k, day in officer)
    assert {r["payload"]["deadline"] for r in rows} == {"2025-10-31"}
    assert {r["unit_id"] for r in rows if r["recipient_kind"] == "officer"} == {2}  # TN issues it


def _undated() -> dict[str, Any]:
    data = load_plan(PLANS / "tu-xuyen-2024.yaml").to_data()
    rnd = data["rounds"][1]
    rnd.pop("deadline")
    rnd.update(deadline=None, deadline_text="định kỳ 6 tháng, năm", deadline_kind="by")
    return data


def test_a_round_without_a_date_is_flagged_and_not_chased() -> None:
    plan = load_plan_data(_undated())
    rnd = plan.round("ca-nam")
    assert rnd.undated and plan.undated_rounds == [rnd]
    assert [r.id for r in plan.dated_rounds] == ["6-thang"]
    with pytest.raises(UndatedRound):
        _ = rnd.due
    tree = {1: UnitInfo(1, "TX", "UBND xã Tú Xuyên", None, "xa")}
    world = World(plans=[Stored("tx", plan)], tree=tree, officers={1: [OfficerTarget(11, 1, "O", "vi", "console", "o1", reachable=True)]})
    rows = compute(world, CAL, TZ, D(2024, 1, 1), D(2024, 12, 31))
    assert rows and {r["round_id"] for r in rows} == {"6-thang"}


def test_an_admin_sets_the_date_of_an_undated_round_only() -> None:
    plan = load_plan_data(_undated())
    dated = plan.with_deadline("ca-nam", D(2024, 12, 10))
    rnd = dated.round("ca-nam")
    assert (rnd.deadline, rnd.due, rnd.deadline_source, rnd.deadline_text) == (
        D(2024, 12, 10), D(2024, 12, 10), "admin", "định kỳ 6 tháng, năm")
    assert dated.with_deadline("ca-nam", D(2024, 12, 12)).round("ca-nam").due == D(2024, 12, 12)
    with pytest.raises(ValueError, match="document's deadline"):
        plan.with_deadline("6-thang", D(2024, 6, 1))


def test_a_round_without_a_date_must_quote_the_document() -> None:
    data = _undated()
    data["rounds"][1].pop("deadline_text")
    with pytest.raises(Exception, match="deadline_text"):
        load_plan_data(data)
