"""What the channel benchmarks share: officers who write and wait for the
bot's answer (a closed loop), the bot's process, and the figures.

Every officer sends a message, waits until the fake platform receives the
answer it waits for, sends the next one; the latency of a message is from its
push to that receive, both read on the fake's side; the throughput is the
messages handled over the time from the first push to the last answer.
A cap is checked on the fake's receive times of the bot's sends: a 1-second
window (starting at any send) holding more sends than the cap is a violation.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from handlers.router import Router
from tests.conftest import Chat, register, seed
from tests.support.live import LiveBot

Row = tuple[str, float | int | str, str, str]
ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = ">= 0.8"
WAIT = 10.0  # seconds an officer waits for an answer before counting it lost


@dataclass
class Race:
    """One run: each officer's latencies, and the span from the first push to the last answer."""

    latencies: list[float] = field(default_factory=list)
    lost: int = 0  # messages whose answer never came (the officer waited WAIT, then asked again)
    started: float = 0.0
    ended: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / (self.ended - self.started)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


class Waiters:
    """The answer each officer waits for: ``expect(chat, wanted)`` before the
    push, ``seen(chat, message)`` from the fake's send hook."""

    def __init__(self) -> None:
        self._waiting: dict[str, tuple[Callable[[Any], bool], asyncio.Future[tuple[Any, float]]]] = {}

    def expect(self, chat: str, wanted: Callable[[Any], bool]) -> asyncio.Future[tuple[Any, float]]:
        future: asyncio.Future[tuple[Any, float]] = asyncio.get_running_loop().create_future()
        self._waiting[chat] = (wanted, future)
        return future

    def seen(self, chat: str, message: Any) -> None:
        entry = self._waiting.get(chat)
        if entry is not None and not entry[1].done() and entry[0](message):
            entry[1].set_result((message, time.monotonic()))


Officer = Callable[[int, Race], Awaitable[None]]


async def race(officers: int, officer: Officer) -> Race:
    result = Race(started=time.monotonic())
    await asyncio.gather(*(officer(n, result) for n in range(officers)))
    result.ended = time.monotonic()
    return result


def windows(times: Sequence[float]) -> list[int]:
    """How many sends each 1-s window starting at a send holds."""
    ordered = sorted(times)
    held, end = [], 0
    for start, at in enumerate(ordered):
        end = max(end, start)
        while end < len(ordered) and ordered[end] < at + 1.0:
            end += 1
        held.append(end - start)
    return held


def violations(times: Sequence[float], cap: float) -> int:
    """Sends that open a 1-s window holding more than ``cap`` sends."""
    return sum(n > cap for n in windows(times))


def rows(channel: str, echo: Race, dvbot: Race, suffix: str = "uncapped") -> list[Row]:
    out: list[Row] = []
    for who, run in (("echo", echo), ("dvbot", dvbot)):
        out += [
            (f"{channel} {suffix}: {who} updates/s", round(run.per_second, 1), "upd/s", "setup" if who == "echo" else ""),
            (f"{channel} {suffix}: {who} p50 latency", round(run.quantile(0.5), 1), "ms", ""),
            (f"{channel} {suffix}: {who} p99 latency", round(run.quantile(0.99), 1), "ms", ""),
        ]
    out.append((f"{channel} {suffix}: dvbot messages never answered", dvbot.lost, "count", "0"))
    out.append((f"{channel} {suffix}: dvbot/echo throughput", round(dvbot.per_second / echo.per_second, 2), "ratio", TARGET_RATIO))
    return out


def cap_rows(channel: str, who: str, run: Race, sends: Sequence[float], cap: float) -> list[Row]:
    span = max(sends) - min(sends) if len(sends) > 1 else 1.0
    return [
        (f"{channel} capped {cap}/s: {who} updates/s", round(run.per_second, 1), "upd/s", ""),
        (f"{channel} capped {cap}/s: {who} messages never answered", run.lost, "count", "0"),
        (f"{channel} capped {cap}/s: {who} sends/s", round((len(sends) - 1) / span, 1), "msg/s", f">= {cap * 0.95:g}"),
        (f"{channel} capped {cap}/s: {who} 1-s windows over the cap", violations(sends, cap), "count", "0"),
        (f"{channel} capped {cap}/s: {who} most sends in a 1-s window", max(windows(sends), default=0), "msgs", f"<= {cap}"),
    ]


# ---- dvbot's side ---------------------------------------------------------------------


async def seeded(database_url: str, channel: Channel, chats: Sequence[str]) -> dict[str, str]:
    """Units of their own for ``chats``' officers, registered on ``channel`` and
    at question 1 of the 6-month round; each chat's first question."""
    from storage import invites, units

    rt = await Runtime.open(Settings(database_url=database_url, _env_file=None))  # type: ignore[call-arg]
    first: dict[str, str] = {}
    try:
        await seed(rt)
        router = Router(rt)
        for n, chat_id in enumerate(chats):
            async with rt.begin() as conn:
                unit = await units.add_unit(conn, f"BENCH-{n}", f"Đơn vị thử {n}", now=rt.clock.now(), parent_code="TN")
                [code] = await invites.create_invites(conn, unit.id, count=1, days=30, now=rt.clock.now())
            chat = Chat(router, chat_id, channel)
            await register(chat, code, "Nguyễn Văn An")
            first[chat_id] = await chat.say("/baocao 6-thang")
    finally:
        await rt.close()
    return first


def dvbot(tmp: Path, database_url: str, env: dict[str, str]) -> LiveBot:
    return LiveBot(tmp, {"DVBOT_DATABASE_URL": database_url, "DVBOT_REMINDER_TICK_SECONDS": "3600", **env})


def asked(text: str) -> bool:
    """An answer that asks (the next question, or to confirm a value off its
    target), or says the round is done."""
    return "❓" in text or "❔" in text or "/nop" in text


def typed_answer(text: str, numbered: bool, turn: int) -> str:
    """What an officer types to the question in ``text`` at their ``turn``-th
    message (an option's number when there are options). Two answers in a row
    always differ: the same text again, sent before the bot marked its reply
    sent, is taken for a resend of the last answer (``bot/domain/replies.py``)."""
    if numbered:
        return str(1 + turn % 2)
    if "tệp minh chứng" in text:
        return "/boqua"
    hint = next((line for line in text.splitlines() if line.startswith("✍️")), "")
    if "ngày/tháng/năm" in hint:
        return f"{1 + turn % 28:02d}/05/2025"
    if "phần trăm" in hint:
        return str(50 + turn % 50)
    if "số" in hint:
        return str(10 + turn)
    return f"Đã triển khai đầy đủ theo kế hoạch, đợt {turn}"


class Echo:
    """A bare echo bot's process (``benchmarks/echo_bots.py``)."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.args, self.env = args, env or {}
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> Echo:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.echo_bots", *self.args, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **self.env},
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        assert self.proc.stderr is not None
        line = await asyncio.wait_for(self.proc.stderr.readline(), 30)
        assert line.strip() == b"ready", line
        return self

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
