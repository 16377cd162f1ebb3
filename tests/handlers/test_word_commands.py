"""/baocaoword and /tonghopword: a Word file on Telegram (files), and on a
channel that cannot send files the CLI command that writes the same file."""

from __future__ import annotations

import datetime as dt
import io

import docx

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from handlers.router import Router
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import make_admin


async def test_officer_gets_the_unit_draft_on_telegram(rt: Runtime, router: Router, clock: FakeClock,
                                                       codes: dict[str, str]) -> None:
    officer = Chat(router, "lan", channel=Channel.TELEGRAM)
    await register(officer, codes["SNV"])
    await seed_small(rt)
    clock.set(dt.datetime(2025, 5, 25, 3, 0, tzinfo=dt.UTC))
    text = await officer.say("/baocaoword 6-thang")
    [reply] = officer.last
    assert reply.document is not None and reply.document[0] == "bao-cao-6-thang-snv.docx"
    assert "Dự thảo báo cáo" in text and "“…”" in text
    lines = [p.text for p in docx.Document(io.BytesIO(reply.document[1])).paragraphs]
    assert "Số buổi người đứng đầu tiếp công dân trong kỳ: 12." in lines


async def test_console_says_how_to_get_the_file(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    officer = Chat(router, "lan")
    await register(officer, codes["SNV"])
    text = await officer.say("/baocaoword 6-thang")
    assert all(o.document is None for o in officer.last)
    assert "dvbot report docx --round 6-thang --unit SNV --out bao-cao-6-thang-snv.docx" in text
    assert "Dùng: /baocaoword KỲ" in await officer.say("/baocaoword")


async def test_admin_gets_the_scope_report(rt: Runtime, router: Router, clock: FakeClock,
                                           codes: dict[str, str]) -> None:
    await seed_small(rt)
    await make_admin(rt, "boss", "TN", channel="telegram")
    clock.set(dt.datetime(2025, 5, 25, 3, 0, tzinfo=dt.UTC))
    admin = Chat(router, "boss", channel=Channel.TELEGRAM)
    text = await admin.say("/tonghopword 6-thang")
    [reply] = admin.last
    assert reply.document is not None and reply.document[0] == "bao-cao-6-thang-tn.docx"
    assert "(2/3 đơn vị đã nộp)" in text
    lines = [p.text for p in docx.Document(io.BytesIO(reply.document[1])).paragraphs]
    assert "Số buổi người đứng đầu tiếp công dân trong kỳ: tổng cộng 24 (số liệu của 2 đơn vị)." in lines
    assert "Không có kỳ báo cáo" in await admin.say("/tonghopword 9-thang")
