"""The /summary text for a small fixed dataset, in Vietnamese and English.

Set ``DVBOT_UPDATE_GOLDEN=1`` to rewrite the files after an intended change, then
read the diff."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import plans as plan_store
from storage import reports as report_store
from storage import submissions as sub_store
from storage import units as unit_store
from tests.conftest import Chat
from tests.support.admin import make_admin
from tests.support.golden import UPDATE

GOLDEN = Path(__file__).parent / "golden" / "summary"

SNV = {
    "quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 3, "quan-triet.so-luot": 120,
    "quan-triet.ty-le": 100, "quan-triet.thong-tin": "da", "quan-triet.phan-cong": "da",
    "cai-cach-hanh-chinh.trien-khai": "da", "cai-cach-hanh-chinh.giai-phap-chi-so": "dang",
    "cai-cach-hanh-chinh.dao-tao": 2, "cai-cach-hanh-chinh.kiem-tra-cong-vu": 1,
    "cai-cach-hanh-chinh.xu-ly-vi-pham": 0, "cai-cach-hanh-chinh.chi-so": "tang",
    "dan-chu-co-so.trien-khai": "da", "dan-chu-co-so.tiep-cong-dan": 12, "dan-chu-co-so.doi-thoai": 2,
    "dan-chu-co-so.don-thu": 5, "dan-chu-co-so.diem-nong": "khong", "dan-chu-co-so.kiem-tra": 1,
}
STC = {**SNV, "quan-triet.ty-le": 92.5, "quan-triet.so-hoi-nghi": 1, "quan-triet.thong-tin": "dang"}
SCORES_SNV = {"diem.lanh-dao.ke-hoach": 5, "diem.lanh-dao.quan-triet": 5, "diem.lanh-dao.phan-cong": 3,
              "diem.lanh-dao.thong-tin": 3, "diem.lanh-dao.kiem-tra": 4,
              "diem.cai-cach-hanh-chinh.ke-hoach-cchc": 6, "diem.cai-cach-hanh-chinh.thu-tuc": 6,
              "diem.cai-cach-hanh-chinh.dao-duc": 4, "diem.cai-cach-hanh-chinh.van-hoa-cong-so": 4,
              "diem.dan-chu-co-so.quy-che": 8, "diem.dan-chu-co-so.cong-khai": 4, "diem.dan-chu-co-so.hoi-nghi": 3,
              "diem.tiep-cong-dan.tiep-dan": 5, "diem.tiep-cong-dan.giai-quyet": 6,
              "diem.tiep-cong-dan.diem-nong": 4, "diem.thi-dua.dan-van-kheo": 6, "diem.thi-dua.phong-trao": 4,
              "diem.thi-dua.khen-thuong": 0, "diem.phoi-hop-mttq.quy-che-phoi-hop": 3,
              "diem.phoi-hop-mttq.lay-y-kien": 2, "diem.bao-cao.dung-han": 5, "diem.bao-cao.tre-han": 0}
SCORES_STC = {**SCORES_SNV, "diem.lanh-dao.ke-hoach": 2, "diem.thi-dua.dan-van-kheo": 0,
              "diem.bao-cao.tre-han": -2}


async def answer_more(rt: Runtime, code: str, answers: dict[str, object], round_id: str = "6-thang") -> None:
    """Store more answers on a unit's existing submission of the seeded world."""
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, code)
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", round_id)
        assert sub is not None
        for k, v in answers.items():
            await sub_store.save_answer(conn, sub, k, v, officer_id=None, now=rt.clock.now())


async def seed_small(rt: Runtime) -> None:
    """SNV submitted (6-thang on 19/5, scoring accepted and appraised); STC
    submitted late / submitted; X-TANAN draft / not started."""
    async with rt.begin() as conn:
        stored = await plan_store.latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        ids = {c: (await unit_store.find_unit(conn, c)).id for c in ("SNV", "STC", "X-TANAN")}  # type: ignore[union-attr]

        async def fill(code: str, round_id: str, answers: dict[str, object], status: str, day: dt.date) -> int:
            sub = await sub_store.open_submission(conn, ids[code], stored.code, stored.id, round_id, rt.clock.now())
            for k, v in answers.items():
                await sub_store.save_answer(conn, sub, k, v, officer_id=None, now=rt.clock.now())
            at = dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)
            if status != "draft":
                await sub_store.set_status(conn, sub.id, "submitted", now=at)
            if status == "accepted":
                await sub_store.set_status(conn, sub.id, "accepted", now=at, reviewer="test")
            return sub.id

        await fill("SNV", "6-thang", SNV, "submitted", dt.date(2025, 5, 19))
        await fill("STC", "6-thang", STC, "submitted", dt.date(2025, 5, 22))
        await fill("X-TANAN", "6-thang", {"quan-triet.trien-khai": "chua"}, "draft", dt.date(2025, 5, 1))
        snv = await fill("SNV", "tu-cham-diem", SCORES_SNV, "accepted", dt.date(2025, 11, 14))
        await fill("STC", "tu-cham-diem", SCORES_STC, "submitted", dt.date(2025, 11, 15))
        await report_store.set_appraisal(conn, snv, "bao-cao.tham-dinh", 9, by="test", now=rt.clock.now())
        await report_store.set_appraisal(conn, snv, "thi-dua.dan-van-kheo", 3, by="test", now=rt.clock.now())


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("round_id", "today"), [("6-thang", dt.date(2025, 5, 25)),
                                                 ("tu-cham-diem", dt.date(2025, 11, 20))])
async def test_summary_text_golden(
    rt: Runtime, router: Router, clock: FakeClock, codes: dict[str, str], lang: str, round_id: str, today: dt.date
) -> None:
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    clock.set(dt.datetime(today.year, today.month, today.day, 3, 0, tzinfo=dt.UTC))
    admin = Chat(router, "boss")
    if lang == "en":
        await admin.say("/ngonngu en")
    text = await admin.say(f"/tongket {round_id}")
    assert all(len(o.text) <= 2000 for o in admin.last)
    assert not any(o.image_png for o in admin.last)  # the console gets text only
    check_golden(f"summary-{round_id}.{lang}.txt", text)


async def test_chat_channels_also_get_a_chart(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await seed_small(rt)
    await make_admin(rt, "boss", "TN", channel="telegram")
    admin = Chat(router, "boss", channel=Channel.TELEGRAM)
    await admin.say("/tongket tu-cham-diem")
    charts = [o for o in admin.last if o.image_png]
    assert len(charts) == 1 and charts[0].image_png.startswith(b"\x89PNG")  # type: ignore[union-attr]
    assert "Biểu đồ" in charts[0].text
    assert "Tỷ lệ xếp loại Tốt" in "\n".join(o.text for o in admin.last)


async def test_summary_without_round_offers_a_numbered_choice(
    rt: Runtime, router: Router, codes: dict[str, str]
) -> None:
    await make_admin(rt, "boss", "TN")
    admin = Chat(router, "boss")
    menu = await admin.say("/tongket")
    assert "2. Báo cáo 6 tháng" in menu
    assert [o.value for o in admin.last[0].options] == ["1", "2", "3", "4"]
    assert "Vui lòng trả lời bằng một số" in await admin.say("sáu")
    assert "📊 Báo cáo 6 tháng" in await admin.say("2")
    assert "Không có kỳ báo cáo" in await admin.say("/tongket 9-thang")
