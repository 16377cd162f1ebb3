"""Reminder planning and dispatch at national scale (not part of ``make test``).

A tree of 1 province and 10,000 units, one officer each (half on Telegram,
half on the Zalo Bot Platform), the bundled province plan. Planning the
whole year at once (a 365-day horizon from 1 January) on SQLite and, when
it is reachable, on PostgreSQL; then planning it again (every row present:
the unique key filters the insert). Then a deadline day's burst through the
dispatcher with both channels at their real caps (Telegram 30/s, Zalo
5/s), in real time: each channel's send times measured against its own
cap (rate reached, limit violations)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any

from benchmarks.databases import database, kinds
from bot.channels import telegram as telegram_channel
from bot.channels import zalo as zalo_channel
from bot.core.clock import FakeClock
from bot.core.messages import Channel, Outgoing
from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.reminders.planner import Planner
from bot.services.reminders.ratelimit import Limits
from bot.services.runtime import Runtime
from bot.shell.channels import install as install_channels
from handlers.views.reminders import TEXTS
from storage import plans as plan_store
from storage import reminders as store
from storage.schema import identities, officers, units

PLAN = Path(__file__).resolve().parents[1] / "plans" / "tay-ninh-2025.yaml"
UNITS = 10_000
SECONDS = 20  # the dispatch run: as many due reminders per channel as its cap sends in this time
Row = tuple[str, float | int | str, str, str]
JAN_1 = dt.datetime(2025, 1, 1, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hà Nội


async def _seed(rt: Runtime, n: int) -> None:
    """The tree with bulk inserts: province 1, units 2 … n + 1, an officer each."""
    now = rt.clock.now()
    channels = ("telegram", "zalo")
    async with rt.begin() as conn:
        await plan_store.store_plan(conn, load_plan(PLAN), now=now)
        tree = [{"id": 1, "code": "TN", "name": "UBND tỉnh", "parent_id": None, "level": "tinh", "created_at": now}]
        tree += [{"id": 2 + i, "code": f"U{i:05d}", "name": f"Đơn vị {i}", "parent_id": 1, "level": "xa",
                  "created_at": now} for i in range(n)]
        people: list[dict[str, Any]] = [
            {"id": r["id"], "unit_id": r["id"], "full_name": f"Cán bộ {r['code']}", "position": "Chuyên viên",
             "phone": "0900000000", "locale": "vi", "created_at": now} for r in tree[1:]]
        ids: list[dict[str, Any]] = [
            {"officer_id": p["id"], "channel": channels[p["id"] % 2], "user_id": f"u{p['id']}",
             "chat_id": f"c{p['id']}", "created_at": now} for p in people]
        for table, rows in ((units, tree), (officers, people), (identities, ids)):
            for i in range(0, len(rows), 2000):
                await conn.execute(table.insert(), rows[i : i + 2000])


async def _plan_year(url: str, label: str) -> list[Row]:
    settings = Settings(database_url=url, reminder_office_hours=False, _env_file=None)  # type: ignore[call-arg]
    install_channels(settings)
    rt = await Runtime.open(settings, FakeClock(JAN_1))
    try:
        await _seed(rt, UNITS)
        planner = Planner(rt, horizon_days=365)
        started = time.perf_counter()
        planned = await planner.tick()
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = await planner.tick()
        second = time.perf_counter() - started
        rt.clock.set(dt.datetime(2025, 5, 13, 2, 0, tzinfo=dt.UTC))  # type: ignore[attr-defined]  # a reminder day
        now = rt.clock.now()
        started = time.perf_counter()
        async with rt.begin() as conn:
            claimed = await store.claim_due(conn, token="bench", now=now, lease_until=now + dt.timedelta(minutes=1),
                                            channels=["telegram"], limit=50)
        claim = time.perf_counter() - started
    finally:
        await rt.close()
    return [
        (f"plan a year, {UNITS:,} units ({label}): {planned:,} rows", first, "s", "< 30 s"),
        (f"re-plan the year, all present ({label})", second, "s", "< 30 s"),
        (f"re-plan added nothing ({label})", int(again == 0), "bool", "1"),
        (f"claim a batch of {len(claimed)} among the year's rows ({label})", claim * 1000, "ms", "< 100 ms"),
    ]


class Stamped:
    """A sender that stamps each send with the fake monotonic time."""

    def __init__(self, channel: Channel, now: Any) -> None:
        self.channel, self._now = channel, now
        self.stamps: list[float] = []

    async def send(self, chat_id: str, message: Outgoing) -> str:
        self.stamps.append(self._now())
        return f"m{len(self.stamps)}"


def _violations(stamps: list[float], limit: int, period: float) -> int:
    """Windows of ``period`` holding more than ``limit`` sends. The sender
    stamps a send microseconds after the limiter counted it, so a window is
    allowed 1 ms of that jitter (the unit tests check the exact spacing on a
    fake clock)."""
    return sum(1 for i in range(len(stamps) - limit) if stamps[i + limit] - stamps[i] < period - 1e-3)


async def _dispatch(url: str) -> list[Row]:
    settings = Settings(database_url=url, reminder_office_hours=False, _env_file=None)  # type: ignore[call-arg]
    install_channels(settings)
    rt = await Runtime.open(settings, FakeClock(JAN_1))
    caps = {Channel.TELEGRAM: telegram_channel.CAPABILITIES, Channel.ZALO: zalo_channel.with_rate(5)}
    try:
        now = rt.clock.now()
        burst: list[dict[str, Any]] = []
        for ch, caps_of in caps.items():
            assert caps_of.send_rate is not None
            burst += [{"dedupe_key": f"burst/{ch}/{i}", "due_at": now, "kind": "manual", "unit_id": None,
                       "plan_code": "*", "round_id": "*", "recipient_kind": "admin", "channel": str(ch),
                       "chat_id": f"c{i}", "officer_id": None, "payload": {"text": "Nhắc báo cáo"}}
                      for i in range(int(SECONDS * caps_of.send_rate.count / caps_of.send_rate.seconds))]
        async with rt.begin() as conn:
            await store.insert_absent(conn, burst, now)
        fakes = {ch: Stamped(ch, time.monotonic) for ch in caps}
        dispatcher = Dispatcher(rt, fakes, texts=TEXTS, limits=Limits(caps), batch=50)  # type: ignore[arg-type]
        started = time.perf_counter()
        stats = await dispatcher.tick()
        took = time.perf_counter() - started
    finally:
        await rt.close()
    rows: list[Row] = [(f"dispatch: {len(burst):,} due, sent once each", int(stats.sent == len(burst)), "bool", "1"),
                       ("dispatch: wall time, both channels at once", took, "s", f"< {SECONDS * 1.1:g} s (both at their caps)")]
    for ch, fake in fakes.items():
        rate = caps[ch].send_rate
        assert rate is not None
        # the sends after the first window's, over the time they took
        span = fake.stamps[-1] - fake.stamps[0]
        cap = rate.count / rate.seconds
        rows.append((f"dispatch {ch}: rate ({len(fake.stamps)} sends)",
                     (len(fake.stamps) - rate.count) / span if span else 0.0,
                     "msg/s", f">= {0.95 * cap:g} (95 % of its {cap:g}/s cap)"))
        rows.append((f"dispatch {ch}: limit violations", _violations(fake.stamps, rate.count, rate.seconds),
                     "sends", "0"))
    return rows


async def _bench() -> list[Row]:
    rows: list[Row] = []
    for kind in kinds():
        async with database(kind) as url:
            rows += await _plan_year(url, kind)
    async with database("sqlite") as url:
        rows += await _dispatch(url)
    return rows


def run() -> list[Row]:
    return asyncio.run(_bench())
