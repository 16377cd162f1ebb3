"""The planner: idempotent, follows a moved deadline, skips unreachable officers
and tells their admins."""

from __future__ import annotations

import datetime as dt

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.reminders.planner import Planner
from bot.services.runtime import Runtime
from handlers.views.reminders import TEXTS
from storage import officers as officer_store
from storage import plans as plan_store
from storage import reminders as store
from tests.support.reminders import (
    FakeSender,
    add_admin,
    local,
    register_officer,
    seed_year,
    year_plan,
)


async def test_planning_twice_adds_nothing(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    assert await Planner(rt).tick() == 1  # 22/08 is within today + 2 days
    assert await Planner(rt).tick() == 0


async def test_a_moved_deadline_cancels_old_rows_and_plans_new_ones(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    await Planner(rt).tick()
    plan = year_plan()
    moved = [r.model_copy(update={"deadline": dt.date(2025, 8, 29)}) if r.id == "quoc-khanh" else r
             for r in plan.rounds]
    async with rt.begin() as conn:
        await plan_store.store_plan(conn, plan.model_copy(update={"rounds": moved}), now=clock.now())
    clock.set(local(2025, 8, 22, 8))
    await Planner(rt).tick()  # 29/08 - 7 = 22/08: the same day, a different deadline
    fake = FakeSender(Channel.CONSOLE, clock)
    stats = await Dispatcher(rt, {Channel.CONSOLE: fake}, texts=TEXTS).tick()  # type: ignore[dict-item]
    assert (stats.sent, stats.cancelled) == (1, 1)
    assert "hạn 29/08/2025 — còn 7 ngày" in fake.sent[0].text


async def test_unreachable_officers_are_skipped_and_reported(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await register_officer(rt, ids["STC"], "stc", "Trần Thị Bình", Channel.ZALO)
    async with rt.begin() as conn:
        await officer_store.mark_unreachable(conn, "zalo", "stc", "blocked", clock.now())
    clock.set(local(2025, 8, 22, 8))
    await Planner(rt).tick()
    fakes = {c: FakeSender(c, clock) for c in Channel}
    await Dispatcher(rt, fakes, texts=TEXTS).tick()  # type: ignore[arg-type]
    assert not fakes[Channel.ZALO].sent
    [notice] = fakes[Channel.CONSOLE].sent
    assert notice.chat_id == "admin"
    assert notice.text == (
        "⚠️ Không gửi được nhắc hạn Báo cáo dịp Quốc khánh tới Trần Thị Bình (Sở Tài chính) qua Zalo. "
        "Vui lòng liên hệ trực tiếp và đề nghị người phụ trách nhắn lại cho bot."
    )
    clock.set(local(2025, 8, 28, 8))
    await Planner(rt).tick()
    await Dispatcher(rt, fakes, texts=TEXTS).tick()  # type: ignore[arg-type]
    assert len(fakes[Channel.CONSOLE].sent) == 1  # reported once per round, not every time
    async with rt.begin() as conn:
        kinds = {r.kind for r in await store.list_reminders(conn)}
    assert kinds == {"unreachable"}
