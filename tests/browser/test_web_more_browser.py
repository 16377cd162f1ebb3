"""The pages added after the first browser tests, in real headless Chromium
(issue #15): the reminder plan, the round's figures (its chart drawn), a
unit's audit trail and evidence photo (the picture decoded), the "send
reminders now" confirmation and its result, and the language switch (the
page's ``lang`` follows, and the choice stays for the admin) — each opened,
its content counted, axe-core finding nothing critical, a screenshot saved
under test-artifacts/web/."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.channels.zalo_oa.adapter import WINDOW
from bot.core.settings import Settings
from bot.domain.summary import summarize
from bot.services.admin_data import latest_plan, load_round, top_roots
from bot.services.reminders.outlook import outlook
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import invites as invite_store
from tests.conftest import Chat, register, seed
from tests.support.admin import make_admin
from tests.support.browser import browser_page, critical_violations, served, shot
from tests.support.tree import Tree, build_tree
from tests.support.web import link
from tests.web.test_web_unit_trail import png, send_evidence

ROUND = "tay-ninh-2025/6-thang"


@pytest.fixture
async def tree(rt: Runtime) -> Tree:
    """1 province, 9 sở, 90 xã: 100 units; the admin "boss" over all of them."""
    built = await build_tree(rt, n_so=9, n_xa=90)
    await make_admin(rt, "boss", "TN")
    return built


async def _sign_in(page: object, rt: Runtime, base: str) -> None:
    await page.goto(base + await link(rt, "boss"))  # type: ignore[attr-defined]
    await page.get_by_role("button", name="Đăng nhập").click()  # type: ignore[attr-defined]
    await page.wait_for_url(base + "/admin/")  # type: ignore[attr-defined]


async def test_the_reminder_plan_and_the_figures(rt: Runtime, tree: Tree) -> None:
    async with rt.begin() as conn:
        admin_scope = set(tree.ids.values())
        planned = await outlook(rt, conn, scope=admin_scope, viewer=("console", "boss"), days=14, window=WINDOW)
        stored = await latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        totals = summarize(await load_round(rt, conn, stored, "6-thang", await top_roots(conn))).totals
    assert totals is not None
    async with served(rt, {}) as base, browser_page() as page:
        await _sign_in(page, rt, base)
        await page.get_by_role("link", name="Kế hoạch nhắc việc").click()
        await page.wait_for_url(base + "/admin/reminders")
        assert await page.locator('[data-plan="planned"] tbody tr').count() == len(planned.planned)
        unreached = page.locator('[data-plan="unreached"] tbody tr')
        assert await unreached.count() == len(planned.unreached)
        await shot(page, "9-reminder-plan")
        assert await critical_violations(page) == []

        await page.goto(base + "/admin/")
        await page.locator(f'section[data-round="{ROUND}"]').get_by_role("link", name="Xem số liệu tổng hợp").click()
        await page.wait_for_url(f"{base}/admin/figures/{ROUND}")
        given = [c for c in totals.counts if c.units]
        assert await page.locator('[data-figures="counts"] tbody tr').count() == len(given)
        assert await page.locator('[data-figures="rates"] tbody tr').count() == len(totals.rates)
        chart = page.locator("img.chart")
        assert await chart.evaluate("img => img.complete && img.naturalWidth > 0")  # the SVG was drawn
        await shot(page, "10-figures")
        assert await critical_violations(page) == []


async def test_remind_now_in_the_browser(rt: Runtime, tree: Tree) -> None:
    open_units = sorted(c for c in tree.ids if c != "TN" and tree.status.get(("6-thang", c), "not_started")
                        not in ("submitted", "accepted"))
    for i, code in enumerate(open_units[:3]):  # three open units with an officer on the console
        async with rt.begin() as conn:
            [invite] = await invite_store.create_invites(conn, tree.ids[code], count=1, days=30, now=rt.clock.now())
        await register(Chat(Router(rt), f"officer-{i}"), invite)
    async with served(rt, {}) as base, browser_page() as page:
        await _sign_in(page, rt, base)
        await page.locator(f'section[data-round="{ROUND}"]').get_by_role(
            "link", name="Nhắc các đơn vị chưa nộp").click()
        await page.wait_for_url(f"{base}/admin/remind/{ROUND}")
        head = await page.locator('[data-remind="head"]').inner_text()
        assert "tới 3 người phụ trách của 3 đơn vị" in head
        unreached = await page.locator('[data-remind="unreached"] li').count()
        assert unreached == len(open_units) - 3  # the open units no officer has registered for
        await shot(page, "11-remind-confirm")
        assert await critical_violations(page) == []
        await page.get_by_role("button", name="Gửi nhắc ngay").click()
        await page.wait_for_load_state()
        assert "Đã xếp 3 tin nhắc" in await page.locator("main").inner_text()
        await shot(page, "12-remind-done")
        assert await critical_violations(page) == []


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/dvbot.sqlite3",  # type: ignore[call-arg]
                    evidence_dir=str(tmp_path / "evidence"), _env_file=None)


async def test_a_units_trail_photo_and_the_language_switch(rt: Runtime) -> None:
    codes = await seed(rt)
    await send_evidence(rt, codes, "u1", "SNV", png(64), "hoi-nghi.png", "image/png")
    await make_admin(rt, "boss", "TN")
    async with served(rt, {}) as base, browser_page() as page:
        await _sign_in(page, rt, base)
        await page.goto(base + "/admin/unit/SNV")
        photo = page.locator("a.thumb img")
        assert await photo.count() == 1
        assert await photo.evaluate("img => img.complete && img.naturalWidth") == 64  # served and decoded
        assert await page.locator('[data-unit="audit"] tbody tr').count() == 1  # the officer's registration
        await shot(page, "13-unit-trail-photo")
        assert await critical_violations(page) == []

        assert await page.get_attribute("html", "lang") == "vi"
        await page.get_by_role("button", name="English").click()
        await page.wait_for_url(base + "/admin/unit/SNV")  # back where it was pressed
        assert await page.get_attribute("html", "lang") == "en"
        assert await page.get_by_role("heading", name="Audit trail (1)").count() == 1
        await page.get_by_role("link", name="Reminder plan").click()
        assert await page.get_attribute("html", "lang") == "en"
        await shot(page, "14-english")
        assert await critical_violations(page) == []
    async with served(rt, {}) as base, browser_page() as page:  # another sign-in, another browser
        await page.goto(base + await link(rt, "boss"))
        await page.get_by_role("button", name="Đăng nhập").click()
        await page.wait_for_url(base + "/admin/")
        assert await page.get_attribute("html", "lang") == "en"
        await page.get_by_role("button", name="Tiếng Việt").click()
        await page.wait_for_url(base + "/admin/")
        assert await page.get_attribute("html", "lang") == "vi"
