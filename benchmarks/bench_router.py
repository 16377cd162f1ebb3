"""What one answered question costs end to end (router → engine → database):
CPU per answer (``time.process_time``), wall latency, SQL statements and
commits per answer, for 1 officer and for 50 officers answering at once, on
SQLite and (when reachable on 127.0.0.1:5432) PostgreSQL.

Each officer has a unit of their own, registers, opens the 6-month report and
answers its questions; every update carries an ``update_key`` as a real
channel's does (so the replay guard runs). Statements are counted with a
``before_cursor_execute`` listener on the engine, commits with a ``commit``
listener. With one officer the CPU is measured per answer (its median); with
50 at once the process's CPU over the whole phase is divided by the answers.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from benchmarks.databases import database, kinds
from bot.core.clock import FakeClock
from bot.core.messages import Channel, Incoming
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.channels import install as install_channels
from handlers.router import Router
from tests.conftest import START, register, seed
from tests.conftest import Chat as _Chat

Row = tuple[str, float | int | str, str, str]

CPU_GOAL = "≤ 2 ms"
STATEMENT_GOAL = "<= 7"
SOLO_ROUNDS = 3  # one officer walks the round this often (a fresh unit each time)
CROWD = 50
CROWD_ANSWERS = 12  # answers per officer when 50 answer at once


def _answer_for(text: str) -> str:
    if "Trả lời 1" in text:
        return "1"
    if "phần trăm" in text:
        return "95"
    if "số nguyên" in text or "Nhập một số" in text:
        return "3"
    if "ngày/tháng/năm" in text:
        return "15/05/2025"
    return "Đã triển khai theo kế hoạch"


@dataclass
class Counter:
    statements: int = 0
    commits: int = 0

    def attach(self, engine: Any) -> None:
        sa.event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
        sa.event.listen(engine.sync_engine, "commit", self._commit)

    def _statement(self, *_args: Any) -> None:
        self.statements += 1

    def _commit(self, *_args: Any) -> None:
        self.commits += 1


@dataclass
class Measured:
    cpu_ms: list[float] = field(default_factory=list)  # per answer (one officer) or one mean (a crowd)
    wall_ms: list[float] = field(default_factory=list)
    statements: list[float] = field(default_factory=list)
    commits: list[float] = field(default_factory=list)
    answers: int = 0
    seconds: float = 0.0


def _done(text: str) -> bool:
    return "/nop" in text and "Câu " not in text.rsplit("\n\n", 1)[-1]


class _Officer:
    def __init__(self, router: Router, rt: Runtime, n: int) -> None:
        self.chat = _Chat(router, f"bench-{n}")
        self.router, self.rt, self.n = router, rt, n
        self.keys = 0
        self.text = ""

    async def start(self) -> None:
        await register(self.chat, await _invite(self.rt, self.n), "Nguyễn Văn An")
        await self.chat.say("/baocao")
        self.text = await self.chat.say("2")

    async def answer(self) -> float:
        self.keys += 1
        incoming = Incoming(Channel.CONSOLE, self.chat.user, self.chat.user, text=_answer_for(self.text),
                            update_key=f"{self.chat.user}-{self.keys}")
        started = time.perf_counter()
        reply = await self.router.handle(incoming)
        wall = time.perf_counter() - started
        self.text = reply[-1].text
        return wall


async def _runtime(url: str) -> Runtime:
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    install_channels(settings)
    return await Runtime.open(settings, FakeClock(START))


async def _solo(url: str) -> Measured:
    out = Measured()
    rt = await _runtime(url)
    try:
        router = Router(rt)
        await seed(rt)
        count = Counter()
        count.attach(rt.engine)
        began = time.perf_counter()
        for n in range(SOLO_ROUNDS):
            officer = _Officer(router, rt, n)
            await officer.start()
            for _ in range(80):
                if _done(officer.text):
                    break
                before = (count.statements, count.commits)
                cpu = time.process_time()
                wall = await officer.answer()
                out.cpu_ms.append((time.process_time() - cpu) * 1000)
                out.wall_ms.append(wall * 1000)
                out.statements.append(count.statements - before[0])
                out.commits.append(count.commits - before[1])
        out.answers = len(out.wall_ms)
        out.seconds = time.perf_counter() - began
    finally:
        await rt.close()
    return out


async def _crowd(url: str) -> Measured:
    out = Measured()
    rt = await _runtime(url)
    try:
        router = Router(rt)
        await seed(rt)
        officers = [_Officer(router, rt, n) for n in range(CROWD)]
        for officer in officers:
            await officer.start()
        count = Counter()
        count.attach(rt.engine)

        async def walk(officer: _Officer) -> None:
            for _ in range(CROWD_ANSWERS):
                if _done(officer.text):
                    return
                out.wall_ms.append(await officer.answer() * 1000)

        cpu, began = time.process_time(), time.perf_counter()
        await asyncio.gather(*(walk(o) for o in officers))
        out.seconds = time.perf_counter() - began
        out.answers = len(out.wall_ms)
        out.cpu_ms = [(time.process_time() - cpu) * 1000 / out.answers]
        out.statements = [count.statements / out.answers]
        out.commits = [count.commits / out.answers]
    finally:
        await rt.close()
    return out


async def _invite(rt: Runtime, n: int) -> str:
    """A unit of its own for the n-th benchmark officer, and its invite code."""
    from storage import invites, units

    async with rt.begin() as conn:
        unit = await units.add_unit(conn, f"BENCH-{n}", f"Đơn vị thử {n}", now=rt.clock.now(), parent_code="TN")
        [code] = await invites.create_invites(conn, unit.id, count=1, days=30, now=rt.clock.now())
    return code


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _rows(kind: str, who: str, m: Measured) -> list[Row]:
    label = f"router {kind}, {who}"
    how = "median" if len(m.cpu_ms) > 1 else "mean"
    # 50 at once on one process: each waits for the others' turns (the figure is the queue, no goal)
    fast, p95_goal = ("< 50 ms", "< 150 ms") if how == "median" else ("", "")
    return [
        (f"{label}: answers handled", m.answers, "msgs", ""),
        (f"{label}: answers/s", m.answers / m.seconds if m.seconds else 0.0, "msgs/s", ""),
        (f"{label}: CPU per answer ({how})", statistics.median(m.cpu_ms), "ms", CPU_GOAL),
        (f"{label}: median latency per answer", statistics.median(m.wall_ms), "ms", fast),
        (f"{label}: p95 latency per answer", _p95(m.wall_ms), "ms", p95_goal),
        (f"{label}: SQL statements per answer", statistics.median(m.statements), "stmts", STATEMENT_GOAL),
        (f"{label}: commits per answer", statistics.median(m.commits), "commits", "= 1"),
    ]


async def _all() -> list[Row]:
    rows: list[Row] = []
    for kind in kinds():
        async with database(kind) as url:
            rows += _rows(kind, "1 officer", await _solo(url))
        async with database(kind) as url:
            rows += _rows(kind, f"{CROWD} concurrent", await _crowd(url))
    if "postgresql" not in kinds():
        rows.append(("router postgresql: skipped (not reachable on 127.0.0.1:5432)", 0, "", ""))
    return rows


def run() -> list[Row]:
    return asyncio.run(_all())
