"""The two bugs of duplicated rules (issue #9), pinned.

* The unit that issues a plan (a unit at the plan's level) does not report on
  it: ``/summary`` never counted it, and now reminders, roll-calls,
  escalations, digests and ``/nhac`` leave it out too.
* An admin hears of an unreachable officer once per round: the dispatcher
  (a send just failed) and the planner (the officer is already unreachable)
  used to build the notice under two different dedupe keys, so it came twice.

Both tests use only APIs that existed before the fix, so they can be run
against the old code (where they fail).
"""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.core.errors import ChatUnreachable
from bot.core.messages import Channel
from bot.domain.reminders.calendar import WorkCalendar
from bot.services.admin_data import load_round
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.reminders.planner import Planner, compute, load_world
from bot.services.runtime import Runtime
from handlers.router import Router
from handlers.views.reminders import TEXTS
from storage import plans as plan_store
from storage import units as unit_store
from tests.conftest import Chat
from tests.support.reminders import (
    FakeSender,
    add_admin,
    bind_group,
    local,
    register_officer,
    seed_year,
    year_plan,
)

NOTICE = "Không gửi được nhắc hạn"


async def seed_levels(rt: Runtime) -> dict[str, int]:
    """The province (level ``tinh``, the plan's level: it issues the plan) over two sở and a phường."""
    now = rt.clock.now()
    ids: dict[str, int] = {}
    async with rt.begin() as conn:
        await plan_store.store_plan(conn, year_plan(), now=now)
        for code, name, parent, level in [("TN", "UBND tỉnh Tây Ninh", None, "tinh"), ("SNV", "Sở Nội vụ", "TN", "so"),
                                          ("STC", "Sở Tài chính", "TN", "so"),
                                          ("X-TANAN", "UBND phường Tân An", "TN", "xa")]:
            ids[code] = (await unit_store.add_unit(conn, code, name, now=now, parent_code=parent, level=level)).id
    return ids


async def test_the_issuing_unit_is_never_reminded_of_its_own_plan(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_levels(rt)
    await add_admin(rt, ids["TN"])
    await bind_group(rt, ids["TN"], "-100tn")
    for code in ("TN", "SNV", "STC", "X-TANAN"):
        await register_officer(rt, ids[code], code.lower(), "Nguyễn Văn An")
    async with rt.begin() as conn:
        world = await load_world(conn)
        [stored] = world.plans
        summary_units = {u.id for u in (await load_round(rt, conn, stored, "quoc-khanh", [ids["TN"]])).units}
        # the whole round: before, due today, overdue, escalation, digests
        rows = compute(world, WorkCalendar(), rt.settings.tz, local(2025, 8, 1).date(), local(2025, 10, 1).date())
    assert summary_units == {ids["SNV"], ids["STC"], ids["X-TANAN"]}  # /summary's rule, unchanged
    quoc = [r for r in rows if r.get("round_id") == "quoc-khanh"]
    assert {r["kind"] for r in quoc} >= {"before", "overdue", "escalation", "group"}
    assert {r["unit_id"] for r in quoc if r["recipient_kind"] == "officer"} == summary_units
    for r in quoc:
        if r["kind"] == "escalation":
            assert set(r["payload"]["units"]) == summary_units
        if r["kind"] == "group":  # the province's group gets the roll-up of the units below it
            assert r["payload"]["mode"] == "rollup"

    # The roll-call the admin forwards counts the same units as /summary.
    admin = Chat(Router(rt), "admin")
    clock.set(local(2025, 8, 22, 9))
    text = await admin.say("/nhac_nhom quoc-khanh")
    assert "Đơn vị chưa nộp (3/3):" in text, text
    assert "• UBND tỉnh Tây Ninh" not in text, text


async def test_an_admin_hears_of_an_unreachable_officer_once_a_round(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await register_officer(rt, ids["STC"], "stc", "Trần Thị Bình")
    clock.set(local(2025, 8, 22, 8))
    await Planner(rt).tick()
    fakes = {c: FakeSender(c, clock) for c in Channel}
    fakes[Channel.CONSOLE].fail = lambda chat, k: ChatUnreachable("blocked") if chat == "stc" else None
    dispatcher = Dispatcher(rt, fakes, texts=TEXTS)  # type: ignore[arg-type]
    assert (await dispatcher.tick()).failed == 1  # the send fails: the dispatcher tells the admin
    for day in (25, 27, 28, 29):  # later ticks find the officer already unreachable
        clock.set(local(2025, 8, day, 8))
        await Planner(rt).tick()
        await dispatcher.tick()
    notices = [s.text for s in fakes[Channel.CONSOLE].sent if s.chat_id == "admin" and NOTICE in s.text]
    assert len(notices) == 1, notices
