"""What the admin's web page shows and does (issue #15): the overview's
counts per round, the unit table's filters, sorting and CSV, a unit's
answers in full, the downloads, accept and return (the officer told on
their channel, as after /tralai), every text from the locale catalogues."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from docx import Document

from bot.core.clock import FakeClock
from bot.services.runtime import Runtime
from bot.shell.cli.report import docx_report
from bot.shell.web.actions import ACTIONS
from handlers.router import Router
from locales import catalogue
from storage import plans as plan_store
from storage import submissions as sub_store
from storage import units as unit_store
from storage.schema import audit_log
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import RecordingSender, make_admin
from tests.support.web import client, csrf_of, sign_in

ROUND = "tay-ninh-2025/6-thang"
LONG = ("Đã tổ chức 3 hội nghị quán triệt tại các phòng chuyên môn. " * 40 + "KẾT THÚC-ĐOẠN-DÀI").strip()
TEMPLATES = Path(__file__).parents[2] / "bot" / "shell" / "web" / "templates"


@pytest.fixture
async def world(rt: Runtime, codes: dict[str, str]) -> Runtime:
    await register(Chat(Router(rt), "officer-snv"), codes["SNV"])
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    return rt


async def _long_text(rt: Runtime) -> str:
    """SNV's first free-text answer of the round becomes a long text; its question id."""
    async with rt.begin() as conn:
        stored = await plan_store.latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        qid = next(q.id for q in stored.plan.questions("6-thang") if q.type == "text")
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, stored.code, "6-thang")
        assert sub is not None
        await sub_store.save_answer(conn, sub, qid, "ngắn", officer_id=None, now=rt.clock.now())
        await sub_store.save_answer(conn, sub, qid, LONG, officer_id=None, now=rt.clock.now())
    return qid


def _counts(html: str, key: str) -> dict[str, int]:
    card = html.split(f'data-round="{key}"')[1].split("</section>")[0]
    return {k: int(n) for k, n in re.findall(r'data-count="(\w+)"><a [^>]*>(\d+)</a>', card)}


async def test_overview_counts_each_round(world: Runtime, clock: FakeClock) -> None:
    clock.set(dt.datetime(2025, 7, 1, 2, 0, tzinfo=dt.UTC))  # after the 6-month deadline
    async with client(world) as c:
        await sign_in(c, world, "boss")
        html = (await c.get("/admin/")).text
        assert "Tổng quan phạm vi quản lý" in html and "UBND tỉnh Tây Ninh" in html
        six = _counts(html, ROUND)  # seed_small: SNV, STC submitted; X-TANAN draft
        assert six == {"not_started": 0, "draft": 1, "returned": 0, "submitted": 2, "accepted": 0, "overdue": 1}
        unit_table = (await c.get("/admin/units", params={"round": ROUND, "state": "overdue"})).text
        assert re.findall(r'data-unit="([^"]+)"', unit_table) == ["X-TANAN"]
        chart = await c.get(f"/admin/chart/{ROUND}.png")
        assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")


async def test_unit_table_filters_sorts_and_exports(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        every = (await c.get("/admin/units")).text
        assert re.findall(r'data-unit="([^"]+)"', every) == ["SNV", "STC", "X-TANAN"]
        assert "Nguyễn Văn An" in every and "0912345678" in every
        drafts = (await c.get("/admin/units", params={"round": ROUND, "state": "draft"})).text
        assert re.findall(r'data-unit="([^"]+)"', drafts) == ["X-TANAN"]
        level = (await c.get("/admin/units", params={"level": "so"})).text
        assert re.findall(r'data-unit="([^"]+)"', level) == ["SNV", "STC"]
        text = (await c.get("/admin/units", params={"q": "tan an"})).text  # accents ignored
        assert re.findall(r'data-unit="([^"]+)"', text) == ["X-TANAN"]
        by_name = (await c.get("/admin/units", params={"sort": "name", "desc": "1"})).text
        assert re.findall(r'data-unit="([^"]+)"', by_name) == ["X-TANAN", "STC", "SNV"]
        csv = await c.get("/admin/units", params={"level": "so", "format": "csv"})
        assert csv.headers["content-type"].startswith("text/csv")
        lines = csv.content.decode("utf-8-sig").splitlines()
        assert len(lines) == 3 and lines[1].startswith("SNV;Sở Nội vụ;")


async def test_unit_page_shows_long_answers_whole(world: Runtime) -> None:
    await _long_text(world)
    async with client(world) as c:
        await sign_in(c, world, "boss")
        html = (await c.get("/admin/unit/SNV")).text
        assert LONG in html  # the whole text, not the chat's preview
        assert "Lịch sử sửa câu trả lời" in html and "ngắn" in html
        assert "đạt" in html  # targets met or missed
        assert f"/admin/act/accept/SNV/{ROUND}" in html


async def test_downloads_open(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        xlsx = await c.get("/admin/download/excel", params={"round": ROUND})
        assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        assert len(book.sheetnames) >= 2
        word = await c.get("/admin/download/word", params={"round": ROUND})
        text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
        assert word.status_code == 200 and "BÁO CÁO" in text.upper()
        unit = await c.get("/admin/download/word", params={"round": ROUND, "unit": "SNV"})
        assert unit.status_code == 200 and Document(io.BytesIO(unit.content)).paragraphs
    # the page drafts the scope's report from the round it loaded, and loads only the unit for its
    # report: the very documents the CLI drafts, loading everything itself
    for got, unit_code, scope in ((word, None, "TN"), (unit, "SNV", None)):
        want = await docx_report(world, "6-thang", None, unit_code, scope)
        assert _document_xml(got.content) == _document_xml(want)


def _document_xml(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read("word/document.xml")


async def test_accept_after_confirmation(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        confirm = await c.get(f"/admin/act/accept/SNV/{ROUND}")
        assert confirm.status_code == 200 and "Xác nhận duyệt" in confirm.text
        done = await c.post(f"/admin/act/accept/SNV/{ROUND}", data={"csrf": csrf_of(confirm.text)})
        assert done.status_code == 200 and "Đã duyệt" in done.text
        again = await c.post(f"/admin/act/accept/SNV/{ROUND}", data={"csrf": csrf_of(confirm.text)})
        assert again.status_code == 409 and "Chỉ duyệt được báo cáo đã nộp" in again.text
    async with world.begin() as conn:
        row = (await conn.execute(sa.select(audit_log).where(audit_log.c.action == "accept"))).one()
    assert row.actor == "console:boss" and row.after == {"status": "accepted"}


async def test_return_notifies_the_officer_on_their_channel(world: Runtime) -> None:
    sender = RecordingSender()
    async with client(world, sender) as c:
        await sign_in(c, world, "boss")
        confirm = await c.get(f"/admin/act/return/SNV/{ROUND}")
        empty = await c.post(f"/admin/act/return/SNV/{ROUND}", data={"csrf": csrf_of(confirm.text), "comment": " "})
        assert empty.status_code == 409 and "Cần ghi lý do" in empty.text
        done = await c.post(f"/admin/act/return/SNV/{ROUND}",
                            data={"csrf": csrf_of(confirm.text), "comment": "câu 2: bổ sung số hội nghị"})
        assert done.status_code == 200 and "đơn vị đã được thông báo" in done.text
        page = (await c.get("/admin/unit/SNV")).text
        assert "bổ sung số hội nghị" in page and "Bị trả lại" in page
    [(chat_id, notice)] = sender.sent
    assert chat_id == "officer-snv" and "bổ sung số hội nghị" in notice.text and "/baocao 6-thang" in notice.text
    async with world.begin() as conn:
        row = (await conn.execute(sa.select(audit_log).where(audit_log.c.action == "return"))).one()
    assert row.actor == "console:boss" and row.after["questions"] == ["quan-triet.so-hoi-nghi"]


async def test_return_without_a_channel_says_not_delivered(world: Runtime) -> None:
    async with client(world) as c:  # dvbot web alone: no channel runs
        await sign_in(c, world, "boss")
        csrf = csrf_of((await c.get(f"/admin/act/return/SNV/{ROUND}")).text)
        done = await c.post(f"/admin/act/return/SNV/{ROUND}", data={"csrf": csrf, "comment": "Bổ sung"})
        assert "thông báo chưa gửi được" in done.text


async def test_web_command_gives_a_link(world: Runtime) -> None:
    reply = await Chat(Router(world), "boss").say("/web")
    url = re.search(r"http://127\.0\.0\.1:8080(/admin/login/\S+)", reply)
    assert url and "10 phút" in reply
    async with client(world) as c:
        assert (await c.post(url.group(1))).status_code == 303
        assert (await c.get("/admin/units")).status_code == 200


def test_every_template_text_is_in_both_catalogues() -> None:
    keys = {k for path in TEMPLATES.glob("*.html")
            for k in re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", path.read_text(encoding="utf-8"))}
    keys = {k for k in keys if not k.endswith((".", "_"))}  # a prefix: "admin.status." ~ state, below
    keys |= {f"web.act.{p}{a}" for a in ACTIONS for p in ("", "confirm_", "do_")}
    assert len(keys) > 40
    for lang in ("vi", "en"):
        assert sorted(k for k in keys if k not in catalogue(lang)) == []
