"""Per-channel dispatch and one-statement dedupe (issue #16).

* every batch the dispatcher claims holds one channel's rows, and each send
  takes its own channel's window, so Telegram runs at its cap while the Zalo
  Bot Platform runs at its own: a Zalo channel that does not move at all
  does not hold Telegram back;
* the planner's insert is filtered by the unique dedupe key (ON CONFLICT DO
  NOTHING, no pre-check): planning again adds no row, on SQLite and on
  PostgreSQL (skipped when unreachable).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from bot.channels import telegram as telegram_channel
from bot.channels import zalo as zalo_channel
from bot.core.clock import FakeClock
from bot.core.messages import Channel, Outgoing
from bot.core.ports import ChannelCapabilities
from bot.domain.entities import ReminderRow
from bot.services.reminders.dispatcher import Dispatcher, Stats
from bot.services.reminders.planner import Planner
from bot.services.reminders.ratelimit import Limits
from bot.services.runtime import Runtime
from handlers.views.reminders import TEXTS
from storage import reminders as store
from tests.support.reminders import (
    FakeSender,
    FakeTime,
    add_admin,
    bind_group,
    literal_rows,
    local,
    outbox,
    register_officer,
    seed_year,
)

CAPS: Mapping[Channel, ChannelCapabilities] = {
    Channel.TELEGRAM: telegram_channel.CAPABILITIES, Channel.ZALO: zalo_channel.with_rate(5),
}


class Recording(Limits):
    """The real windows on a fake clock, recording whose window each send took."""

    def __init__(self, caps: Mapping[Channel, ChannelCapabilities], mono: FakeTime) -> None:
        super().__init__(caps, now=mono.now, sleep=mono.sleep)
        self.taken: list[tuple[str, str]] = []  # (channel, chat)

    @contextlib.asynccontextmanager
    async def slot(self, channel: str, chat_id: str, is_group: bool) -> AsyncIterator[None]:
        async with super().slot(channel, chat_id, is_group):
            yield
        self.taken.append((channel, chat_id))


class Batches(Dispatcher):
    """Records the channels of every claimed batch."""

    batches: list[set[str]]

    async def process(self, token: str, rows: list[ReminderRow]) -> Stats:
        self.batches.append({r.channel for r in rows})
        return await super().process(token, rows)


def batches(rt: Runtime, senders: Mapping[Channel, Any], limits: Limits, **kw: Any) -> Batches:
    d = Batches(rt, senders, texts=TEXTS, limits=limits, **kw)
    d.batches = []
    return d


async def test_each_batch_is_one_channel_and_each_send_takes_its_own_window(rt: Runtime, clock: FakeClock) -> None:
    await literal_rows(rt, 120, channel="telegram")
    await literal_rows(rt, 30, channel="zalo")
    mono = FakeTime()
    limits = Recording(CAPS, mono)
    fakes = {ch: FakeSender(ch, clock, stamp=mono.now) for ch in CAPS}
    d = batches(rt, fakes, limits, batch=25)
    stats = await d.tick()
    assert stats.sent == 150 and all(len(b) == 1 for b in d.batches)
    assert (len(fakes[Channel.TELEGRAM].sent), len(fakes[Channel.ZALO].sent)) == (120, 30)
    assert Counter(ch for ch, _ in limits.taken) == {"telegram": 120, "zalo": 30}
    sent_to = {(str(ch), s.chat_id) for ch, f in fakes.items() for s in f.sent}
    assert set(limits.taken) == sent_to  # the window of the channel that sent it


async def test_batches_never_mix_channels(rt: Runtime, clock: FakeClock) -> None:
    for ch in ("telegram", "zalo", "console"):
        await literal_rows(rt, 40, channel=ch)
    fakes = {ch: FakeSender(ch, clock) for ch in (Channel.TELEGRAM, Channel.ZALO, Channel.CONSOLE)}
    d = batches(rt, fakes, Limits({}), batch=15)
    assert (await d.tick()).sent == 120
    assert all(len(b) == 1 for b in d.batches)
    assert Counter(next(iter(b)) for b in d.batches) == {"telegram": 3, "zalo": 3, "console": 3}


class Stuck(FakeSender):
    """A channel that sends nothing until ``release`` is set."""

    release: asyncio.Event

    async def send(self, chat_id: str, message: Outgoing) -> str:
        await self.release.wait()
        return await super().send(chat_id, message)


class Releasing(FakeSender):
    """Sets ``release`` once it has sent ``target`` messages."""

    release: asyncio.Event
    target: int

    async def send(self, chat_id: str, message: Outgoing) -> str:
        message_id = await super().send(chat_id, message)
        if len(self.sent) == self.target:
            self.release.set()
        return message_id


async def test_a_stuck_channel_does_not_hold_the_others_back(rt: Runtime, clock: FakeClock) -> None:
    await literal_rows(rt, 30, channel="zalo")
    await literal_rows(rt, 200, channel="telegram")
    zalo = Stuck(Channel.ZALO, clock)
    tg = Releasing(Channel.TELEGRAM, clock)
    zalo.release = tg.release = asyncio.Event()
    tg.target = 200
    d = Dispatcher(rt, {Channel.ZALO: zalo, Channel.TELEGRAM: tg}, texts=TEXTS,  # type: ignore[dict-item]
                   limits=Limits({}), batch=20, concurrency=4)
    # Zalo sends only once Telegram has sent all 200: with mixed batches this
    # would wait forever (the timeout is a guard against that hang only)
    stats = await asyncio.wait_for(d.tick(), timeout=120)
    assert stats.sent == 230 and len(zalo.sent) == 30 and len(tg.sent) == 200


# ---- planning: the unique key is the dedupe -----------------------------------------------


def _row(key: str, now: dt.datetime, **over: Any) -> dict[str, Any]:
    return {"dedupe_key": key, "due_at": now, "kind": "manual", "unit_id": None, "plan_code": "*",
            "round_id": "*", "recipient_kind": "admin", "channel": "telegram", "chat_id": "c",
            "officer_id": None, "payload": {"text": key}, **over}


async def _insert_twice(rt: Runtime) -> None:
    now = rt.clock.now()
    async with rt.begin() as conn:
        assert await store.insert_absent(conn, [_row(f"k{i}", now) for i in range(1200)], now) == 1200
    async with rt.begin() as conn:
        # present keys, a key twice in one call (the first wins), new keys, rows with other columns
        again = [_row(f"k{i}", now, chat_id="other") for i in range(0, 1200, 3)]
        again += [_row("new-1", now, chat_id="first"), _row("new-1", now, chat_id="second")]
        again += [_row("new-2", now, next_attempt_at=now), _row("k5", now, next_attempt_at=now)]
        assert await store.insert_absent(conn, again, now) == 2
        assert await store.insert_absent(conn, [], now) == 0
    rows = await outbox(rt)
    assert len(rows) == 1202 and len({r.dedupe_key for r in rows}) == 1202
    by_key = {r.dedupe_key: r for r in rows}
    assert by_key["new-1"].chat_id == "first" and by_key["k3"].chat_id == "c"  # nothing overwritten
    assert by_key["new-2"].next_attempt_at is not None and by_key["k5"].next_attempt_at is None


async def _replan(rt: Runtime) -> None:
    rt.clock.set(local(2025, 8, 20, 9))  # type: ignore[attr-defined]
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await bind_group(rt, ids["SNV"], "-100snv")
    for code, user in (("SNV", "snv"), ("STC", "stc")):
        await register_officer(rt, ids[code], user, "Nguyễn Văn An")
    planner = Planner(rt, horizon_days=120)
    first = await planner.tick()
    assert first > 0
    assert await planner.tick() == 0
    rows = await outbox(rt)
    assert len(rows) == first and len({r.dedupe_key for r in rows}) == first


async def test_inserting_again_adds_only_absent_keys_sqlite(rt: Runtime) -> None:
    await _insert_twice(rt)


async def test_replanning_adds_no_row_sqlite(rt: Runtime) -> None:
    await _replan(rt)


@pytest.mark.postgres
async def test_inserting_again_adds_only_absent_keys_postgres(pg_rt: Runtime) -> None:
    await _insert_twice(pg_rt)


@pytest.mark.postgres
async def test_replanning_adds_no_row_postgres(pg_rt: Runtime) -> None:
    await _replan(pg_rt)
