"""What the channel benchmarks share: officers who write and wait for the
bot's answer (a closed loop), the bot's process, and the figures.

Every officer sends a message, waits until the fake platform receives the
answer it waits for, sends the next one; the latency of a message is from its
push to that receive, both read on the fake's side; the throughput is the
messages handled over the time from the first push to the last answer.
A cap is checked on the fake's receive times of the bot's sends: a 1-second
window (starting at any send) holding more sends than the cap is a violation.

Each bot's process CPU over its run is read from ``/proc`` (``benchmarks/
cpu.py``) and shown per update: the bots run one after the other on a machine
other work shares, so the throughput ratio follows the scheduler as much as
the bots, while the CPU an update costs each of them does not.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import cpu
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
NUMBERED = re.compile(r"^1\. ", re.MULTILINE)  # options listed by number, typed back (no buttons)


@dataclass
class Race:
    """One run: each officer's latencies, and the span from the first push to the last answer."""

    latencies: list[float] = field(default_factory=list)
    lost: int = 0  # messages whose answer never came (the officer waited WAIT, then asked again)
    started: float = 0.0
    ended: float = 0.0
    cpu: float | None = None  # CPU seconds the bot's process used over the run

    @property
    def cpu_ms(self) -> float | None:
        """The bot's CPU per update answered, in milliseconds."""
        return None if self.cpu is None or not self.latencies else self.cpu / len(self.latencies) * 1000

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
        if run.cpu_ms is not None:
            out.append((f"{channel} {suffix}: {who} CPU per update", round(run.cpu_ms, 2), "ms", ""))
    out.append((f"{channel} {suffix}: dvbot messages never answered", dvbot.lost, "count", "0"))
    out.append((f"{channel} {suffix}: dvbot/echo throughput", round(dvbot.per_second / echo.per_second, 2), "ratio", TARGET_RATIO))
    if echo.cpu_ms and dvbot.cpu_ms:  # the throughput ratio each one's CPU per update allows on one core
        out.append((f"{channel} {suffix}: echo/dvbot CPU per update", round(echo.cpu_ms / dvbot.cpu_ms, 2), "ratio", ""))
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


# ---- the officers ----------------------------------------------------------------------

Say = Callable[[str, str], Awaitable[None]]  # an officer writes: (chat, text)


def _same(message: Any) -> str:
    return str(message)


def _listed(text_of: Callable[[Any], str]) -> Callable[[Any], bool]:
    return lambda message: bool(NUMBERED.search(text_of(message)))


async def officers_race(waiters: Waiters, say: Say, chats: Sequence[str], each: int, first: dict[str, Any] | None,
                        *, text_of: Callable[[Any], str] = _same, numbered: Callable[[Any], bool] | None = None,
                        pid: int | None = None) -> Race:
    """``each`` messages from every officer of ``chats``, each waiting for its answer.

    Echo officers when ``first`` is None: "xin chào N", waiting for it back.
    Else dvbot's officers, from the message each was last sent (``first``):
    the answer to the question it asks (``typed_answer``; a number when
    ``numbered``, by default options listed ``1. …``), or ``/xemlai`` (where
    am I?) when it asks none, waiting for a message that asks or says the
    round is done (``asked``). A message is what the fake hands its waiters
    (``text_of`` reads its text). With ``pid``, the CPU that process used
    over the run is kept (``Race.cpu``)."""
    is_numbered = numbered or _listed(text_of)

    async def officer(n: int, result: Race) -> None:
        chat = chats[n]
        message: Any = first[chat] if first is not None else ""
        for turn in range(each):
            if first is None:
                typed = f"xin chào {turn}"
                waiting = waiters.expect(chat, lambda m, typed=typed: text_of(m) == typed)
            else:
                text = text_of(message)
                typed = typed_answer(text, is_numbered(message), turn) if "❓" in text or "❔" in text else "/xemlai"
                waiting = waiters.expect(chat, lambda m: asked(text_of(m)))
            pushed = time.monotonic()
            await say(chat, typed)
            try:
                message, at = await asyncio.wait_for(waiting, WAIT)
            except TimeoutError:  # lost: counted, and the officer asks where they are (/xemlai)
                result.lost += 1
                message = ""
                continue
            result.latencies.append(at - pushed)
        if first is not None:
            first[chat] = message  # where the officer is, for a run that goes on

    used = cpu.process(pid) if pid is not None else 0.0
    result = await race(len(chats), officer)
    if pid is not None:
        result.cpu = cpu.process(pid) - used
    return result


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


Ready = Callable[[], Awaitable[object]]


@asynccontextmanager
async def dvbot_running(channel: Channel, chats: Sequence[str], env: dict[str, str],
                        ready: Ready | None = None) -> AsyncIterator[tuple[LiveBot, dict[str, Any]]]:
    """``dvbot run`` on a fresh SQLite database whose officers of ``chats``
    are seeded at question 1 (``seeded``), started (and ``ready``); the bot
    and each chat's first question. Its log is printed when the block fails
    an assertion; it is stopped after."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        first: dict[str, Any] = dict(await seeded(url, channel, chats))
        bot = dvbot(Path(tmp), url, env)
        await bot.start()
        try:
            if ready is not None:
                await ready()
            yield bot, first
        except AssertionError:
            print(bot.log(), file=sys.stderr)
            raise
        finally:
            await bot.stop()


def pid_of(bot: LiveBot | Echo) -> int:
    assert bot.proc is not None
    return bot.proc.pid


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

    async def __aenter__(self) -> Echo:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
