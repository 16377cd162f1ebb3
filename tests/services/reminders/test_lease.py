"""The dispatcher's lease (issue #11): short, renewed while it works.

* a dead dispatcher's rows are taken over once its lease (the
  ``reminder_lease_seconds`` setting, a minute by default) lapses, not before;
* a live dispatcher's rows are never taken, however long its sends take,
  because its heartbeat renews the lease (driven by hand here: the clock is
  the injectable one, the heartbeat's sleep is a hand-cranked one);
* the 'sending' trace is written only right before the send: a dispatcher
  that dies while it waits for the rate limit leaves none.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Channel, Outgoing
from bot.core.settings import Settings
from bot.services.reminders.dispatcher import Dispatcher, Stats
from bot.services.reminders.ratelimit import Limits
from bot.services.runtime import Runtime
from handlers.views.reminders import TEXTS
from storage import reminders as store
from tests.support.reminders import FakeSender, Killed, literal_rows

N = 5
STUCK = 10.0
FREE = Limits({})  # no channel limited: the tests are about leases


class HandCrank:
    """A heartbeat sleep that returns only when the test turns the crank;
    ``beat()`` returns once the heartbeat has renewed and is waiting again."""

    def __init__(self) -> None:
        self.asleep: asyncio.Queue[float] = asyncio.Queue()
        self.wake: asyncio.Queue[None] = asyncio.Queue()
        self.beats = 0

    async def sleep(self, seconds: float) -> None:
        await self.asleep.put(seconds)
        await self.wake.get()

    async def beat(self) -> float:
        seconds = await self._asleep()  # the heartbeat is waiting
        await self.wake.put(None)  # wake it: it renews the lease …
        again = await self._asleep()  # … and is waiting again
        self.asleep.put_nowait(again)
        self.beats += 1
        return seconds

    async def _asleep(self) -> float:
        # The timeout only turns a heartbeat that never comes into a failure
        # instead of a hang (nothing is measured); BaseException, so the
        # dispatcher cannot take it for a failed send and retry.
        try:
            return await asyncio.wait_for(self.asleep.get(), STUCK)
        except TimeoutError:
            raise NoHeartbeat from None


class NoHeartbeat(BaseException):
    """The dispatcher's heartbeat never came."""


def sent_once(fake: FakeSender) -> bool:
    per_chat = Counter(s.chat_id for s in fake.sent)
    return len(per_chat) == N and set(per_chat.values()) == {1}


def test_the_lease_is_a_minute_by_default() -> None:
    assert Settings(_env_file=None).reminder_lease_seconds == 60  # type: ignore[call-arg]


async def test_a_dead_dispatchers_rows_are_taken_over_after_the_lease(rt: Runtime, clock: FakeClock) -> None:
    await literal_rows(rt, N)
    fake = FakeSender(Channel.TELEGRAM, clock)
    dead = Dispatcher(rt, {Channel.TELEGRAM: fake}, texts=TEXTS, limits=FREE)  # type: ignore[dict-item]
    assert dead.lease.total_seconds() == rt.settings.reminder_lease_seconds == 60
    _, claimed = await dead.claim(Channel.TELEGRAM)
    assert len(claimed) == N  # … and the process dies here
    restarted = Dispatcher(rt, {Channel.TELEGRAM: fake}, texts=TEXTS, limits=FREE)  # type: ignore[dict-item]
    clock.advance(seconds=59)
    assert (await restarted.tick()).sent == 0  # the dead one's lease still holds
    clock.advance(seconds=2)  # 61 s after the claim: well under the old five minutes
    assert (await restarted.tick()).sent == N
    assert sent_once(fake)


async def test_a_live_dispatchers_rows_are_kept_by_the_heartbeat(rt: Runtime, clock: FakeClock) -> None:
    await literal_rows(rt, N)
    crank = HandCrank()
    rival_fake = FakeSender(Channel.TELEGRAM, clock)
    rival = Dispatcher(rt, {Channel.TELEGRAM: rival_fake}, texts=TEXTS, limits=FREE, worker="rival")  # type: ignore[dict-item]
    rival_stats: list[Stats] = []
    owner_fake = FakeSender(Channel.TELEGRAM, clock)

    async def slow_send(chat_id: str, message: Outgoing) -> str:
        if not rival_stats:  # the first send takes three minutes; a restarted rival tries meanwhile
            for _ in range(6):
                clock.advance(seconds=30)
                assert await crank.beat() == 20  # a third of the lease
                rival_stats.append(await rival.tick())
        return await FakeSender.send(owner_fake, chat_id, message)

    owner_fake.send = slow_send  # type: ignore[method-assign]
    owner = Dispatcher(rt, {Channel.TELEGRAM: owner_fake}, texts=TEXTS, limits=FREE, concurrency=1,  # type: ignore[dict-item]
                       worker="owner", heartbeat_sleep=crank.sleep)
    stats = await owner.tick()
    assert crank.beats == 6 and [s.sent + s.lost for s in rival_stats] == [0] * 6
    assert rival_fake.sent == [] and stats.sent == N and sent_once(owner_fake)
    async with rt.begin() as conn:
        assert {r.status for r in await store.list_reminders(conn)} == {"sent"}
        assert Counter(d["outcome"] for d in await store.deliveries_of(conn)) == {"sent": N}


async def test_without_the_heartbeat_the_lease_lapses(rt: Runtime, clock: FakeClock) -> None:
    """The counter-proof: an owner whose heartbeat never beats (its loop
    frozen) loses its rows to the rival after the lease, and its own late
    attempts find the rows no longer theirs (only the one in flight repeats)."""
    await literal_rows(rt, N)
    never = asyncio.Event()
    rival_fake = FakeSender(Channel.TELEGRAM, clock)
    rival = Dispatcher(rt, {Channel.TELEGRAM: rival_fake}, texts=TEXTS, limits=FREE, worker="rival")  # type: ignore[dict-item]
    rival_stats: list[Stats] = []
    owner_fake = FakeSender(Channel.TELEGRAM, clock)

    async def slow_send(chat_id: str, message: Outgoing) -> str:
        if not rival_stats:
            clock.advance(seconds=61)
            rival_stats.append(await rival.tick())
        return await FakeSender.send(owner_fake, chat_id, message)

    owner_fake.send = slow_send  # type: ignore[method-assign]

    async def frozen(_seconds: float) -> None:
        await never.wait()

    owner = Dispatcher(rt, {Channel.TELEGRAM: owner_fake}, texts=TEXTS, limits=FREE, concurrency=1,  # type: ignore[dict-item]
                       worker="owner", heartbeat_sleep=frozen)
    stats = await owner.tick()
    assert rival_stats[0].sent == N and stats.sent == 1 and stats.lost == N - 1
    assert len(owner_fake.sent) == 1 and sent_once(rival_fake)


class DiesWaiting:
    """A rate limiter in whose wait the process is killed."""

    @contextlib.asynccontextmanager
    async def slot(self, channel: str, chat_id: str, is_group: bool) -> AsyncIterator[None]:
        raise Killed
        yield  # a context manager that never gets its turn

    def pause(self, channel: str, seconds: float) -> None:
        raise AssertionError("not reached")


async def test_no_sending_trace_for_a_crash_while_waiting_for_the_rate_limit(rt: Runtime, clock: FakeClock) -> None:
    await literal_rows(rt, N)
    fake = FakeSender(Channel.TELEGRAM, clock)
    with pytest.raises(BaseException):  # noqa: B017 - the simulated kill
        await Dispatcher(rt, {Channel.TELEGRAM: fake}, texts=TEXTS, limits=DiesWaiting()).tick()  # type: ignore[dict-item,arg-type]
    assert fake.sent == []
    async with rt.begin() as conn:
        assert await store.deliveries_of(conn) == []  # nothing was sent, nothing looks repeated
    clock.advance(seconds=61)
    restarted = Dispatcher(rt, {Channel.TELEGRAM: fake}, texts=TEXTS, limits=FREE)  # type: ignore[dict-item]
    assert (await restarted.tick()).sent == N and sent_once(fake)
    async with rt.begin() as conn:
        assert Counter(d["outcome"] for d in await store.deliveries_of(conn)) == {"sent": N}
