"""Reminder soak runs (not part of ``make test``): planning a province-sized
tree, dispatcher throughput on SQLite, and a crash/restart soak that counts
lost and repeated reminders.

Rows: (name, value, unit, target)."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

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
from storage import officers as officer_store
from storage import plans as plan_store
from storage import reminders as store
from storage import units as unit_store

PLAN = Path(__file__).resolve().parents[1] / "plans" / "tay-ninh-2025.yaml"
UNITS = 1000
Row = tuple[str, float | int | str, str, str]


class Killed(BaseException):
    pass


class Sink:
    channel = Channel.CONSOLE

    def __init__(self, kill_rate: float = 0.0, seed: int = 7) -> None:
        self.sent: Counter[str] = Counter()
        self.kill_rate = kill_rate
        self.rng = random.Random(seed)

    async def send(self, chat_id: str, message: Outgoing) -> str:
        self.sent[chat_id] += 1
        if self.rng.random() < self.kill_rate:
            raise Killed  # after the send, before the mark: the worst moment
        return f"m{sum(self.sent.values())}"


async def _runtime(tmp: str, clock: FakeClock) -> Runtime:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/bench.sqlite3", _env_file=None)  # type: ignore[call-arg]
    install_channels(settings)
    return await Runtime.open(settings, clock)


async def _seed(rt: Runtime) -> None:
    now = rt.clock.now()
    async with rt.begin() as conn:
        await plan_store.store_plan(conn, load_plan(PLAN), now=now)
        await unit_store.add_unit(conn, "TN", "UBND tỉnh", now=now)
        for i in range(UNITS):
            unit = await unit_store.add_unit(conn, f"U{i:04d}", f"Đơn vị {i}", now=now, parent_code="TN")
            await officer_store.create_officer(
                conn, unit_id=unit.id, full_name=f"Cán bộ {i}", position="Chuyên viên", phone="0912345678",
                locale="vi", channel="console", user_id=f"u{i}", chat_id=f"u{i}", display_name=None, now=now,
            )


async def _bench() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        # 13/05/2025 08:00 Hà Nội: the 6-month report's 7-day reminder for every unit
        clock = FakeClock(dt.datetime(2025, 5, 13, 1, 0, tzinfo=dt.UTC))
        rt = await _runtime(tmp, clock)
        try:
            await _seed(rt)
            started = time.perf_counter()
            planned = await Planner(rt).tick()
            rows.append((f"plan one day, {UNITS + 1} units", time.perf_counter() - started, "s", "< 5 s"))
            started = time.perf_counter()
            assert await Planner(rt).tick() == 0
            rows.append(("re-plan (all present)", time.perf_counter() - started, "s", "< 2 s"))
            sink = Sink()
            fast = Limits({})  # no channel limited
            started = time.perf_counter()
            stats = await Dispatcher(rt, {Channel.CONSOLE: sink}, texts=TEXTS, limits=fast, batch=100).tick()  # type: ignore[dict-item]
            took = time.perf_counter() - started
            rows.append(("dispatch throughput (SQLite, rendered)", stats.sent / took, "msg/s", "> 30 msg/s"))
            rows.append(("planned = sent once", int(planned == stats.sent == len(sink.sent)), "bool", "1"))
        finally:
            await rt.close()
    rows.extend(await _soak())
    return rows


async def _soak(n: int = 2000, kill_rate: float = 0.01) -> list[Row]:
    """Dispatchers die after 1 % of sends; each restart waits out the lease."""
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock(dt.datetime(2025, 5, 13, 1, 0, tzinfo=dt.UTC))
        rt = await _runtime(tmp, clock)
        try:
            now = clock.now()
            async with rt.begin() as conn:
                await store.insert_absent(conn, [
                    {"dedupe_key": f"soak/{i}", "due_at": now, "kind": "manual", "unit_id": None, "plan_code": "*",
                     "round_id": "*", "recipient_kind": "admin", "channel": "console", "chat_id": f"c{i}",
                     "officer_id": None, "payload": {"text": "x"}} for i in range(n)], now)
            sink = Sink(kill_rate)
            kills = 0
            fast = Limits({})  # no channel limited
            while True:
                try:
                    await Dispatcher(rt, {Channel.CONSOLE: sink}, texts=TEXTS, limits=fast, concurrency=1).tick()  # type: ignore[dict-item]
                    break
                except BaseException:
                    kills += 1
                    clock.advance(seconds=rt.settings.reminder_lease_seconds + 1)
            lost = n - len(sink.sent)
            repeats = sum(sink.sent.values()) - len(sink.sent)
        finally:
            await rt.close()
    return [
        (f"soak: {n} reminders, dispatcher killed", kills, "times", "~1 %"),
        ("soak: lost reminders", lost, "msgs", "0"),
        ("soak: repeated reminders", repeats, "msgs", "<= kills"),
    ]


def run() -> list[Row]:
    return asyncio.run(_bench())
