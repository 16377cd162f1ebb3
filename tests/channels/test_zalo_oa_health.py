"""The OA webhook's health as ``dvbot zalo-oa status`` shows it: a refused
delivery always recorded, a good one at most every ``HEALTH_EVERY`` (a write
per delivery was a share of every answer's CPU), the good one after a refusal
at once."""

from __future__ import annotations

import pytest

from bot.channels.zalo_oa.adapter import HEALTH_EVERY
from bot.core.clock import FakeClock
from storage import zalo_oa as store
from tests.channels.zalo_oa_support import USER, OABot, clocked_fake, seeded_bot
from tests.fakes.zalo_oa_api import APP_ID, FakeOA
from tests.support.reminders import local


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local(2025, 5, 2, 9, 0))


__all__ = ["clocked_fake", "seeded_bot"]  # the fixtures "fake" and "bot", used by name


async def test_good_deliveries_are_recorded_once_a_period_refused_ones_always(
    fake: FakeOA, bot: OABot, clock: FakeClock
) -> None:
    assert bot.adapter is not None and bot.adapter.on_webhook is not None and bot.rt is not None
    recorded: list[str | None] = []
    record = bot.adapter.on_webhook

    async def counted(refused: str | None) -> None:
        recorded.append(refused)
        await record(refused)

    bot.adapter.on_webhook = counted
    for _ in range(3):
        assert await fake.deliver(fake.event(USER, text="/trogiup")) == 200
    assert recorded == [None]  # three good deliveries, one write
    first = clock.now()

    assert await fake.deliver(fake.event(USER, text="/trogiup"), forge=True) == 401
    assert await fake.deliver(fake.event(USER, text="/trogiup")) == 200
    assert len(recorded) == 3 and recorded[1] is not None and recorded[2] is None  # refused, then good at once

    clock.advance(seconds=HEALTH_EVERY.total_seconds() - 1)
    assert await fake.deliver(fake.event(USER, text="/trogiup")) == 200
    assert len(recorded) == 3
    clock.advance(seconds=2)
    assert await fake.deliver(fake.event(USER, text="/trogiup")) == 200
    assert len(recorded) == 4
    async with bot.rt.begin() as conn:
        row = await store.read(conn, APP_ID)
    assert row is not None and row.webhook_ok_at is not None and row.webhook_ok_at > first
    await bot.adapter.join()
