"""start_scheduler: the APScheduler interval job runs planner + dispatcher."""

from __future__ import annotations

import asyncio

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from bot.shell.scheduler import start_scheduler
from tests.support.reminders import FakeSender, local, register_officer, seed_year


async def test_the_tick_plans_and_sends(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    clock.set(local(2025, 8, 22, 8, 30))
    fake = FakeSender(Channel.CONSOLE, clock)
    scheduler = start_scheduler(rt, {Channel.CONSOLE: fake})  # type: ignore[dict-item]
    try:
        for _ in range(200):
            if fake.sent:
                break
            await asyncio.sleep(0.02)
        assert [s.chat_id for s in fake.sent] == ["snv"]
        job = scheduler.get_job("reminders-tick")
        assert job is not None and job.trigger.interval.total_seconds() == rt.settings.reminder_tick_seconds
    finally:
        scheduler.shutdown(wait=False)
