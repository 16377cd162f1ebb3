"""How fast one officer's message is handled end to end (router → engine →
SQLite), and the process's peak memory: a registered officer walks the whole
6-month report many times over."""

from __future__ import annotations

import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bot.core.clock import FakeClock
from bot.core.messages import Channel, Incoming
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.channels import install as install_channels
from handlers.router import Router
from tests.conftest import START, register, seed
from tests.conftest import Chat as _Chat

Row = tuple[str, float | int | str, str, str]


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


async def _run(units: int) -> list[float]:
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{Path(tmp)}/bench.sqlite3", _env_file=None)  # type: ignore[call-arg]
        install_channels(settings)
        rt = await Runtime.open(settings, FakeClock(START))
        try:
            router = Router(rt)
            await seed(rt)
            for n in range(units):
                chat = _Chat(router, f"bench-{n}")
                await register(chat, await _invite(rt, n), "Nguyễn Văn An")
                await chat.say("/baocao")
                text = await chat.say("2")
                for _ in range(60):
                    if "/nop" in text and "Câu " not in text.rsplit("\n\n", 1)[-1]:
                        break
                    started = time.perf_counter()
                    reply = await router.handle(Incoming(Channel.CONSOLE, chat.user, chat.user, text=_answer_for(text)))
                    latencies.append(time.perf_counter() - started)
                    text = reply[-1].text
                await chat.say("/nop")
        finally:
            await rt.close()
    return latencies


async def _invite(rt: Runtime, n: int) -> str:
    """A unit of its own for the n-th benchmark officer, and its invite code."""
    from storage import invites, units

    async with rt.begin() as conn:
        unit = await units.add_unit(conn, f"BENCH-{n}", f"Đơn vị thử {n}", now=rt.clock.now(), parent_code="TN")
        [code] = await invites.create_invites(conn, unit.id, count=1, days=30, now=rt.clock.now())
    return code


def run() -> list[Row]:
    latencies = asyncio.run(_run(units=8))
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        ("router: answers handled", len(latencies), "msgs", ""),
        ("router: median latency per answer", statistics.median(latencies) * 1000, "ms", "< 50 ms"),
        ("router: p95 latency per answer", p95 * 1000, "ms", "< 150 ms"),
        ("process peak memory (all benchmarks so far)", peak_mb, "MB", "< 500 MB"),
    ]
