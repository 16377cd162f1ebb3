"""The pure reminder planner, on data built in memory (no database)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from bot.domain.plan.model import Plan
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.planner import RoundRows, World, compute
from bot.domain.reminders.targets import AdminTarget, OfficerTarget
from bot.domain.units import UnitInfo
from tests.support.reminders import year_plan

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Stored:
    code: str
    plan: Plan


def world() -> World[Stored]:
    tree = {1: UnitInfo(1, "TN", "UBND tỉnh", None, "tinh"), 2: UnitInfo(2, "SNV", "Sở Nội vụ", 1, "so"),
            3: UnitInfo(3, "STC", "Sở Tài chính", 1, "so")}
    officers = {u: [OfficerTarget(10 + u, u, f"Officer {u}", "vi", "console", f"o{u}", reachable=u != 3)]
                for u in tree}
    # one admin holding two scopes (the province and a sở): one identity, one message
    admins = [AdminTarget("console", "admin", "admin", 1, None, "A"), AdminTarget("console", "admin", "admin", 3, None, "A")]
    return World(plans=[Stored("nam-2025", year_plan())], tree=tree, officers=officers, admins=admins)


def rows_of(w: World[Stored]) -> list[dict[str, object]]:
    rows = compute(w, WorkCalendar(), TZ, dt.date(2025, 8, 1), dt.date(2025, 10, 1))
    return [r for r in rows if r["round_id"] == "quoc-khanh"]


def test_officers_of_reporting_units_only() -> None:
    rows = rows_of(world())
    assert {r["unit_id"] for r in rows if r["recipient_kind"] == "officer"} == {2}


def test_one_unreachable_notice_per_admin_identity_and_round() -> None:
    rows = [r for r in rows_of(world()) if r["kind"] == "unreachable"]
    keys = {r["dedupe_key"] for r in rows}
    assert keys == {"nam-2025/quoc-khanh@20250831/unreachable/u3/officer13/admin:console:admin"}
    # the dispatcher builds the very same row when a send fails
    w = world()
    rnd = w.plans[0].plan.round("quoc-khanh")
    [again] = RoundRows("nam-2025", rnd).unreachable(w.scoped_admins(3), dt.datetime.now(dt.UTC), 3, 13, "x", "console")
    assert again["dedupe_key"] in keys


def test_planning_is_repeatable() -> None:
    assert rows_of(world()) == rows_of(world())
