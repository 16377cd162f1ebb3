"""Two dispatchers against one database deliver each reminder exactly once
(SQLite; PostgreSQL with FOR UPDATE SKIP LOCKED when it is reachable), and a
burst of 2,000 due reminders drains at the channel's rate without exceeding
it (measured on the fake channel's timestamps, with a fake monotonic clock)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from bot.channels import telegram as telegram_channel
from bot.channels import zalo as zalo_channel
from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.reminders.ratelimit import Limits
from bot.services.runtime import Runtime
from handlers.views.reminders import TEXTS
from storage import reminders as store
from tests.conftest import START, fresh_postgres, postgres_reachable
from tests.support.reminders import FakeSender, FakeTime, literal_rows


async def race(rt_a: Runtime, rt_b: Runtime, clock: FakeClock, n: int = 400) -> None:
    await literal_rows(rt_a, n)
    fake = FakeSender(Channel.TELEGRAM, clock, yield_each=True)
    free = Limits({})  # no channel limited
    a = Dispatcher(rt_a, {Channel.TELEGRAM: fake}, texts=TEXTS, batch=7, limits=free, worker="a")  # type: ignore[dict-item]
    b = Dispatcher(rt_b, {Channel.TELEGRAM: fake}, texts=TEXTS, batch=7, limits=free, worker="b")  # type: ignore[dict-item]
    sa, sb = await asyncio.gather(a.tick(), b.tick())
    per_chat = Counter(s.chat_id for s in fake.sent)
    assert len(per_chat) == n and set(per_chat.values()) == {1}
    assert sa.sent + sb.sent == n and sa.sent > 0 and sb.sent > 0  # both did work
    async with rt_a.begin() as conn:
        assert {r.status for r in await store.list_reminders(conn)} == {"sent"}
        assert Counter(d["outcome"] for d in await store.deliveries_of(conn)) == {"sent": n}


async def test_two_dispatchers_sqlite(rt: Runtime, settings: Settings, clock: FakeClock) -> None:
    other = await Runtime.open(settings, clock, migrate_db=False)  # a second process: its own engine
    try:
        await race(rt, other, clock)
    finally:
        await other.close()


@pytest.fixture
async def pg_pair() -> AsyncIterator[tuple[Runtime, Runtime, FakeClock]]:
    if not postgres_reachable():
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    async with fresh_postgres("test_rem") as settings:
        clock = FakeClock(START)
        a = await Runtime.open(settings, clock)
        b = await Runtime.open(settings, clock, migrate_db=False)
        try:
            yield a, b, clock
        finally:
            await a.close()
            await b.close()


@pytest.mark.postgres
async def test_two_dispatchers_postgres(pg_pair: tuple[Runtime, Runtime, FakeClock]) -> None:
    a, b, clock = pg_pair
    await race(a, b, clock)


def gaps_ok(stamps: list[float], limit: int, period: float) -> bool:
    """No ``limit + 1`` sends within any ``period`` (allowing float rounding)."""
    return all(stamps[i + limit] - stamps[i] >= period - 1e-9 for i in range(len(stamps) - limit))


async def test_burst_of_2000_drains_at_the_telegram_rate(rt: Runtime, clock: FakeClock) -> None:
    await literal_rows(rt, 2000)
    mono = FakeTime()
    fake = FakeSender(Channel.TELEGRAM, clock, stamp=mono.now)
    limits = Limits({Channel.ZALO: zalo_channel.with_rate(5), Channel.TELEGRAM: telegram_channel.CAPABILITIES},
                    now=mono.now, sleep=mono.sleep)
    stats = await Dispatcher(rt, {Channel.TELEGRAM: fake}, texts=TEXTS, batch=200, limits=limits).tick()  # type: ignore[dict-item]
    assert stats.sent == 2000 and len(fake.stamps) == 2000
    assert gaps_ok(fake.stamps, 30, 1.0)
    # drains as fast as allowed: 2,000 / 30 per second ≈ 66.6 s, not slower
    assert 66.0 <= fake.stamps[-1] - fake.stamps[0] <= 67.0


async def test_zalo_rate_and_telegram_group_rate(rt: Runtime, clock: FakeClock) -> None:
    await literal_rows(rt, 100, channel="zalo")
    await literal_rows(rt, 45, channel="telegram", recipient_kind="group", chat=lambda i: "-100group")
    mono = FakeTime()
    zalo = FakeSender(Channel.ZALO, clock, stamp=mono.now)
    tg = FakeSender(Channel.TELEGRAM, clock, stamp=mono.now)
    limits = Limits({Channel.ZALO: zalo_channel.with_rate(4), Channel.TELEGRAM: telegram_channel.CAPABILITIES},
                    now=mono.now, sleep=mono.sleep)
    await Dispatcher(rt, {Channel.ZALO: zalo, Channel.TELEGRAM: tg}, texts=TEXTS, limits=limits).tick()  # type: ignore[dict-item]
    assert len(zalo.stamps) == 100 and len(tg.stamps) == 45
    assert gaps_ok(zalo.stamps, 1, 0.25)  # 4 a second, evenly spaced
    assert gaps_ok(tg.stamps, 20, 60.0)  # 20 a minute into one group
