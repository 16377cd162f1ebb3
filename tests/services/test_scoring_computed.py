"""Computed criteria across rounds (bot/services/scoring.py): a criterion for
the 6-month and annual reports' punctuality reads when they were sent; a round
not sent is as late as it is today; the points are stored as an answer."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.domain.plan.model import Plan
from bot.domain.reminders.calendar import WorkCalendar
from bot.services import scoring
from bot.services.runtime import Runtime
from storage import plans as plan_store
from storage import submissions as sub_store
from storage import units as unit_store

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _variant(plan: Plan) -> Plan:
    """The bundled plan with its "reports sent on time" criterion computed."""
    data = plan.model_dump(mode="json")
    for group in data["rubrics"][0]["groups"]:
        for c in group["criteria"]:
            if c["id"] == "dung-han":
                c["computed"] = {"rule": "punctuality", "rounds": ["6-thang", "ca-nam"]}
    return Plan.model_validate(data)


async def test_punctuality_of_the_reports_a_criterion_names(rt: Runtime, codes: dict[str, str]) -> None:
    now = rt.clock.now()
    async with rt.begin() as conn:
        stored = await plan_store.latest_plan(conn, "tay-ninh-2025")
        unit = await unit_store.find_unit(conn, "SNV")
        assert stored is not None and unit is not None
        plan = _variant(stored.plan)
        assert "diem.bao-cao.dung-han" not in [q.id for q in plan.questions("tu-cham-diem")]
        six = await sub_store.open_submission(conn, unit.id, stored.code, stored.id, "6-thang", now)
        await sub_store.set_status(conn, six.id, "submitted", now=dt.datetime(2025, 5, 19, 2, tzinfo=dt.UTC))
        own = await sub_store.open_submission(conn, unit.id, stored.code, stored.id, "tu-cham-diem", now)
        cal = WorkCalendar()

        # 30/10: the 6-month report was on time and the annual one is not due yet
        [before] = await scoring.computed_for(conn, plan, own, cal=cal, today=dt.date(2025, 10, 30), tz=TZ)
        assert before.points == 5 and not any(late.late for _, late in before.rounds)
        # 5/11: the annual report ("trước ngày 01/11/2025", a Saturday: the last day is
        # Friday 31/10) is still not sent: 5 days and 3 working days (3, 4, 5/11) late
        [after] = await scoring.computed_for(conn, plan, own, cal=cal, today=dt.date(2025, 11, 5), tz=TZ)
        late = dict(after.rounds)
        assert after.points == 0 and not late["6-thang"].late  # sent on its last day, 19/5
        assert (late["ca-nam"].days, late["ca-nam"].working_days) == (5, 3)

        await scoring.store_computed(conn, own, [after], now=now)
        assert (await sub_store.load_answers(conn, own.id))["diem.bao-cao.dung-han"] == 0


async def test_an_unscored_round_computes_nothing(rt: Runtime, codes: dict[str, str]) -> None:
    async with rt.begin() as conn:
        stored = await plan_store.latest_plan(conn, "tay-ninh-2025")
        unit = await unit_store.find_unit(conn, "SNV")
        assert stored is not None and unit is not None
        sub = await sub_store.open_submission(conn, unit.id, stored.code, stored.id, "6-thang", rt.clock.now())
        assert await scoring.computed_for(conn, stored.plan, sub, cal=WorkCalendar(), today=dt.date(2025, 6, 1),
                                          tz=TZ) == []
