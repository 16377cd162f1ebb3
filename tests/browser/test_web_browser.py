"""The admin's web page in real headless Chromium (issue #15, done means):
sign in with a one-time link, the overview of a generated 100-unit tree
with the right counts, the unit table filtered, a unit's long text answer
read in full, the Excel and Word files downloaded and opened, a return whose
notice the officer gets on the console, axe-core finding nothing critical;
a screenshot of each page under test-artifacts/web/ (git-ignored)."""

from __future__ import annotations

import io
import re
from collections import Counter

import openpyxl
import pytest
from docx import Document

from bot.channels.console import ConsoleSender
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import invites as invite_store
from storage import submissions as sub_store
from tests.conftest import Chat, register
from tests.support.admin import make_admin
from tests.support.browser import browser_page, critical_violations, served, shot
from tests.support.tree import Tree, build_tree
from tests.support.web import link

ROUND = "tay-ninh-2025/6-thang"
LONG = " ".join(f"Đoạn {i}: đã tổ chức hội nghị quán triệt, tuyên truyền tại khu dân cư." for i in range(60))
LONG += " HẾT-ĐOẠN-DÀI"


@pytest.fixture
async def tree(rt: Runtime) -> Tree:
    """1 province, 9 sở, 90 xã: 100 units; the admin "boss" over all of them."""
    built = await build_tree(rt, n_so=9, n_xa=90)
    await make_admin(rt, "boss", "TN")
    return built


async def _long_answer(rt: Runtime, tree: Tree, code: str) -> None:
    async with rt.begin() as conn:
        sub = await sub_store.find_submission(conn, tree.ids[code], "tay-ninh-2025", "6-thang")
        assert sub is not None
        qid = next(q.id for q in tree.plan.questions("6-thang") if q.type == "text")
        await sub_store.save_answer(conn, sub, qid, LONG, officer_id=None, now=rt.clock.now())


async def _officer_on_console(rt: Runtime, router: Router, tree: Tree, code: str) -> None:
    async with rt.begin() as conn:
        [invite] = await invite_store.create_invites(conn, tree.ids[code], count=1, days=30, now=rt.clock.now())
    await register(Chat(router, "officer-web"), invite)


async def test_an_admin_works_through_the_pages(rt: Runtime, tree: Tree) -> None:
    statuses = Counter(tree.status[("6-thang", c)] for c in tree.ids if c != "TN")
    returnable = next(c for c in sorted(tree.ids) if tree.status.get(("6-thang", c)) == "submitted" and tree.level[c] == "xa"
                      and c not in tree.phone)
    await _long_answer(rt, tree, returnable)
    console = io.StringIO()
    senders = {Channel.CONSOLE: ConsoleSender(console)}
    await _officer_on_console(rt, Router(rt, senders), tree, returnable)
    async with served(rt, senders) as base, browser_page() as page:
        await page.goto(base + await link(rt, "boss"))
        await shot(page, "1-sign-in")
        await page.get_by_role("button", name="Đăng nhập").click()
        await page.wait_for_url(base + "/admin/")
        card = page.locator(f'section[data-round="{ROUND}"]')
        for status in ("not_started", "draft", "returned", "submitted", "accepted"):
            assert await card.locator(f'[data-count="{status}"]').inner_text() == str(statuses[status]), status
        assert await card.get_by_role("img").count() == 1
        await shot(page, "2-overview")
        assert await critical_violations(page) == []

        await page.get_by_role("link", name="Bảng đơn vị").first.click()
        await page.wait_for_url(base + "/admin/units")
        assert await page.locator("tr[data-unit]").count() == 99
        await page.get_by_label("Kỳ báo cáo").select_option(ROUND)
        await page.get_by_label("Trạng thái").select_option("submitted")
        await page.get_by_label("Cấp").select_option("xa")
        await page.get_by_role("button", name="Lọc").click()
        await page.wait_for_url(re.compile(r".*state=submitted.*"))
        shown = await page.locator("tr[data-unit]").evaluate_all("rows => rows.map(r => r.dataset.unit)")
        assert shown == sorted(c for c in tree.ids if tree.level[c] == "xa"
                               and tree.status.get(("6-thang", c)) == "submitted")
        await shot(page, "3-unit-table")
        assert await critical_violations(page) == []

        await page.get_by_role("link", name=returnable, exact=True).click()
        await page.wait_for_url(f"{base}/admin/unit/{returnable}")
        answer = page.locator("div.answer", has_text="HẾT-ĐOẠN-DÀI")
        assert await answer.inner_text() == LONG  # every word of it
        await shot(page, "4-unit")
        assert await critical_violations(page) == []

        async with page.expect_download() as got:
            await page.get_by_role("link", name="Tải báo cáo của đơn vị (Word)").first.click()
        unit_doc = Document(await (await got.value).path())
        assert any(tree.name[returnable] in p.text for p in unit_doc.paragraphs)

        await page.goto(base + "/admin/")
        async with page.expect_download() as got:
            await card.get_by_role("link", name="Tải Excel").click()
        xlsx = await got.value
        assert xlsx.suggested_filename == "bao-cao-6-thang.xlsx"
        book = openpyxl.load_workbook(io.BytesIO((await xlsx.path()).read_bytes()))
        cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
        assert returnable in cells and tree.name[returnable] in cells
        async with page.expect_download() as got:
            await card.get_by_role("link", name="Tải báo cáo tổng hợp (Word)").click()
        scope_doc = Document(await (await got.value).path())
        assert any("BÁO CÁO" in p.text.upper() for p in scope_doc.paragraphs)

        await page.goto(f"{base}/admin/unit/{returnable}")
        await page.get_by_role("link", name="Trả lại báo cáo").first.click()
        await page.wait_for_url(re.compile(r".*/admin/act/return/.*"))
        await page.get_by_label("Ý kiến (lý do trả lại)").fill("Bổ sung số liệu hội nghị quý II")
        await shot(page, "5-confirm-return")
        assert await critical_violations(page) == []
        await page.get_by_role("button", name="Xác nhận trả lại").click()
        await page.wait_for_load_state()
        assert "đơn vị đã được thông báo" in await page.get_by_role("status").inner_text()
        await shot(page, "6-returned")
    told = console.getvalue()
    assert "[→ officer-web]" in told and "Bổ sung số liệu hội nghị quý II" in told


async def test_the_pages_fit_a_phone(rt: Runtime, tree: Tree) -> None:
    async with served(rt, {}) as base, browser_page() as page:
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.goto(base + await link(rt, "boss"))
        await page.get_by_role("button", name="Đăng nhập").click()
        await page.wait_for_url(base + "/admin/")
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # the cards stack; the wide table scrolls inside its own box
        await shot(page, "7-phone-overview")
        await page.goto(base + "/admin/units")
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390
        await shot(page, "8-phone-units")
        assert re.search(r"\d+/99", await page.locator("#shown").inner_text())
