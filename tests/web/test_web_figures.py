"""The round's figures page (issue #15): the totals of the chat's /tongket
and the Word report (``bot.domain.totals``: counts by level, rates pooled
from their count pairs, target attainment), each number's spread and each
choice's distribution, and the chart drawn by the chat charts' code."""

from __future__ import annotations

import re

import pytest

from bot.domain.summary import summarize
from bot.services.admin_data import latest_plan, load_round, top_roots
from bot.services.runtime import Runtime
from handlers.router import Router
from handlers.views import render
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import make_admin
from tests.support.web import client, sign_in

ROUND = "tay-ninh-2025/6-thang"
PAGE = f"/admin/figures/{ROUND}"


@pytest.fixture
async def world(rt: Runtime, codes: dict[str, str]) -> Runtime:
    await register(Chat(Router(rt), "officer-snv"), codes["SNV"])
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    await make_admin(rt, "stc-admin", "STC")
    return rt


def _table(html: str, name: str) -> list[list[str]]:
    body = html.split(f'data-figures="{name}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
            for r in rows]


async def test_the_figures_are_the_totals_of_the_round(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        page = await c.get(PAGE)
        chart = await c.get(f"/admin/figures-chart/{ROUND}.svg")
        overview = await c.get("/admin/")
    assert page.status_code == 200 and f'href="{PAGE}"' in overview.text
    async with world.begin() as conn:
        stored = await latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        data = await load_round(world, conn, stored, "6-thang", await top_roots(conn))
    totals = summarize(data).totals
    assert totals is not None and totals.units >= 1
    counts = _table(page.text, "counts")[1:]
    given = [c for c in totals.counts if c.units]  # as /tongket: the counts some unit gave
    assert given and len(counts) == len(given)
    for row, c in zip(counts, given, strict=True):
        assert row[1] == render.number(c.total, "vi") and row[2] == str(c.units)
    rates = _table(page.text, "rates")[1:]
    assert len(rates) == len(totals.rates)
    for row, r in zip(rates, totals.rates, strict=True):
        assert row[2] == f"{render.number(r.part, 'vi')} / {render.number(r.whole, 'vi')}"
    spread = _table(page.text, "numeric")[1:]
    assert [r[0] for r in spread] == [q["text"] for q in summarize(data).numeric if q["n"]]
    choice = _table(page.text, "choice")
    assert choice and all(cell.endswith("%") for cell in (r[2] for r in choice))
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.content.lstrip().startswith(b"<?xml") and b"<svg" in chart.content and b"<script" not in chart.content


async def test_the_chart_is_drawn_by_the_chat_charts_code(world: Runtime) -> None:
    from handlers.views.charts import figures_chart

    async with world.begin() as conn:
        stored = await latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        data = await load_round(world, conn, stored, "6-thang", await top_roots(conn))
    labels = {"rates_title": "Tỷ lệ", "choices_title": "Phân bố", "target": "Chỉ tiêu"}
    png = figures_chart(summarize(data), labels, "vi", fmt="png")
    assert png.startswith(b"\x89PNG")
    svg = figures_chart(summarize(data), labels, "vi")
    assert b"Ph\xc3\xa2n b\xe1\xbb\x91" in svg or b"<path" in svg  # the title, as text or drawn as paths
