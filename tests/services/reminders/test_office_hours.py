"""A late reminder waits for the next office morning: never at night, on a
weekend or on a public holiday (e.g. after the bot was down)."""

from __future__ import annotations

import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.reminders.planner import Planner
from bot.services.runtime import Runtime
from handlers.views.reminders import TEXTS
from storage import reminders as store
from storage.schema import reminders
from tests.support.reminders import FakeSender, local, register_officer, seed_year


async def test_late_reminders_wait_for_office_hours(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))  # Wednesday
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    assert await Planner(rt).tick() == 1
    async with rt.begin() as conn:
        [row] = await store.list_reminders(conn, status="pending")
    sender = FakeSender(Channel.CONSOLE, clock)
    dispatcher = Dispatcher(rt, {Channel.CONSOLE: sender}, texts=TEXTS)  # type: ignore[dict-item]

    # The bot was down and comes back on Friday evening, after the reminder was due.
    clock.set(local(2025, 8, 22, 19, 30))
    assert row.due_at < clock.now()
    stats = await dispatcher.tick()
    assert (stats.sent, stats.held) == (0, 1)
    async with rt.begin() as conn:
        held = (await conn.execute(sa.select(reminders.c.next_attempt_at, reminders.c.status))).one()
    assert held.status == "pending"
    # Saturday and Sunday are rest days: Monday 25/08 at the planned 08:00.
    assert held.next_attempt_at == local(2025, 8, 25, 8, 0)

    clock.set(local(2025, 8, 23, 10))  # Saturday: still nothing
    assert (await dispatcher.tick()).sent == 0
    clock.set(local(2025, 8, 25, 8, 1))
    assert (await dispatcher.tick()).sent == 1
    assert len(sender.sent) == 1 and sender.sent[0].at == local(2025, 8, 25, 8, 1)


async def test_early_morning_on_a_working_day_waits_until_the_planned_time(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    await Planner(rt).tick()
    dispatcher = Dispatcher(rt, {Channel.CONSOLE: FakeSender(Channel.CONSOLE, clock)}, texts=TEXTS)  # type: ignore[dict-item]
    clock.set(local(2025, 8, 25, 6, 0))  # Monday, before the office opens
    assert (await dispatcher.tick()).held == 1
    async with rt.begin() as conn:
        held = (await conn.execute(sa.select(reminders.c.next_attempt_at))).one()
    assert held.next_attempt_at == local(2025, 8, 25, 8, 0)


async def test_office_hours_off_sends_a_late_reminder_at_night(rt: Runtime, clock: FakeClock) -> None:
    """The console demo turns office hours off: a newcomer trying the bot at
    night still sees the reminder arrive."""
    rt.settings = rt.settings.model_copy(update={"reminder_office_hours": False})
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    await Planner(rt).tick()
    sender = FakeSender(Channel.CONSOLE, clock)
    dispatcher = Dispatcher(rt, {Channel.CONSOLE: sender}, texts=TEXTS)  # type: ignore[dict-item]
    clock.set(local(2025, 8, 23, 3, 0))  # Saturday, 03:00
    stats = await dispatcher.tick()
    assert (stats.sent, stats.held) == (1, 0)
    assert sender.sent[0].at == local(2025, 8, 23, 3, 0)
