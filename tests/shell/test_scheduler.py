"""start_scheduler: the APScheduler interval job runs planner + dispatcher."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Channel, Outgoing
from bot.services.runtime import Runtime
from bot.shell.scheduler import start_scheduler, stop_scheduler
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
        await stop_scheduler(scheduler)


class _HeldSender:
    """Sends only when released, so a test can stop the scheduler mid-send."""

    channel = Channel.CONSOLE

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.sent: list[str] = []

    async def send(self, chat_id: str, message: Outgoing) -> str:
        self.started.set()
        await self.release.wait()
        self.sent.append(chat_id)
        return "m1"


async def test_stopping_waits_for_the_tick_in_flight(rt: Runtime, clock: FakeClock) -> None:
    """Stopping mid-send lets the tick send and mark before the runtime closes:
    a tick cut short by the engine's disposal hung the event loop's teardown."""
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    clock.set(local(2025, 8, 22, 8, 30))
    sender = _HeldSender()
    scheduler = start_scheduler(rt, {Channel.CONSOLE: sender})  # type: ignore[dict-item]
    await asyncio.wait_for(sender.started.wait(), 10)
    stopping = asyncio.create_task(stop_scheduler(scheduler))
    await asyncio.sleep(0.05)
    assert not stopping.done()  # it waits for the send in flight
    sender.release.set()
    await asyncio.wait_for(stopping, 10)
    assert sender.sent == ["snv"]
    tick = scheduler.reminder_tick  # type: ignore[attr-defined]
    _planned, stats = await tick.run()  # nothing left to send: the first tick marked it
    assert stats.sent == 0 and sender.sent == ["snv"]


async def test_a_stuck_tick_is_cancelled_after_the_timeout(
    rt: Runtime, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    clock.set(local(2025, 8, 22, 8, 30))
    sender = _HeldSender()  # never released
    scheduler = start_scheduler(rt, {Channel.CONSOLE: sender})  # type: ignore[dict-item]
    await asyncio.wait_for(sender.started.wait(), 10)
    with caplog.at_level(logging.INFO, "bot.shell.scheduler"):
        await asyncio.wait_for(stop_scheduler(scheduler, grace=0.1), 10)
    said = [r.getMessage() for r in caplog.records if r.name == "bot.shell.scheduler"]
    assert any(m.startswith("reminder tick still running after 0 s: cancelled") for m in said), said
    assert "reminder tick stopped" in said  # its end is said, not swallowed
    assert sender.sent == []
    assert scheduler.reminder_tick._running is None  # type: ignore[attr-defined]
