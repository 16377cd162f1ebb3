"""The admin's web page: server time per page for a 200-unit scope on
SQLite (issue #15: every page under 300 ms).

A generated tree (1 province, 19 sở, 180 xã: 200 units, random answers,
``tests/support/tree.py``) with one admin over it; each page is asked for
through the ASGI app in-process (httpx's ASGI transport: no network, so the
time is the server's — session, scope, loading, rendering), 5 times after
one warm-up; the median is reported."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.core.clock import FakeClock
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.channels import install as install_channels
from tests.conftest import START
from tests.support.admin import make_admin
from tests.support.tree import build_tree
from tests.support.web import client, sign_in

Row = tuple[str, float, str, str]
ROUND = "tay-ninh-2025/6-thang"
PAGES = {
    "overview": "/admin/",
    "chart": f"/admin/chart/{ROUND}.png",
    "unit table": "/admin/units",
    "unit table filtered": f"/admin/units?round={ROUND}&state=submitted&level=xa&sort=name",
    "unit table CSV": "/admin/units?format=csv",
    "unit page": "/admin/unit/X001",
    "confirm return": f"/admin/act/return/X001/{ROUND}",
    "Excel of the round": f"/admin/download/excel?round={ROUND}",
    "Word of the scope": f"/admin/download/word?round={ROUND}",
    "Word of a unit": f"/admin/download/word?round={ROUND}&unit=X001",
    "send reminders now": f"/admin/remind/{ROUND}",
    "reminder plan (14 days)": "/admin/reminders",
    "figures of the round": f"/admin/figures/{ROUND}",
    "figures chart (SVG)": f"/admin/figures-chart/{ROUND}.svg",
}
REPEAT = 5


async def _measure() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}",  # type: ignore[call-arg]
                            _env_file=None)
        install_channels(settings)
        rt = await Runtime.open(settings, FakeClock(START))
        try:
            await build_tree(rt, n_so=19, n_xa=180)
            await make_admin(rt, "boss", "TN")
            rows: list[Row] = []
            async with client(rt) as c:
                await sign_in(c, rt, "boss")
                for name, path in PAGES.items():
                    assert (await c.get(path)).status_code == 200, path  # warm-up
                    times = []
                    for _ in range(REPEAT):
                        start = time.perf_counter()
                        response = await c.get(path)
                        times.append((time.perf_counter() - start) * 1000)
                        assert response.status_code == 200, path
                    rows.append((f"web {name} (200 units)", statistics.median(times), "ms", "< 300 ms"))
            return rows
        finally:
            await rt.close()


def run() -> list[Row]:
    return asyncio.run(_measure())
