"""An officer's whole journey on Zalo, end to end: the real adapter (long
polling, or webhook behind uvicorn) against the fake Zalo server, the real
router, a SQLite database. The bot process is restarted mid-report."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from bot.core.clock import FakeClock
from bot.core.settings import Settings
from tests.channels.zalo_support import CHAT, Bot, fake
from tests.conftest import seed
from tests.fakes.zalo_api import FakeZaloApi

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4  # what the photo URL serves
SHA = hashlib.sha256(JPEG).hexdigest()

__all__ = ["fake"]  # fixtures used by name


@pytest.fixture
async def bots() -> AsyncIterator[list[Bot]]:
    """Bots started by a test, stopped at its end (a stopped one is a no-op)."""
    started: list[Bot] = []
    yield started
    for bot in reversed(started):
        await bot.stop()


# What the officer types, in order; choices by number ("1") and by words.
BEFORE_PAUSE = ["1", "12", "350", "100", "đang thực hiện", "1"]
AFTER_PHOTO = ["Đã thực hiện", "2", "85", "40"]
AFTER_RESTART = [
    "3", "0", "cao hơn năm 2024", "Rút ngắn thời gian giải quyết hồ sơ",
    # the petitions rate and the Front's recommendations rate are worked out now (so-lieu): not typed
    "1", "12", "4", "15", "không", "2", "/boqua",
    "1", "5", "7", "1", "Mô hình “Dân vận khéo” tại bộ phận một cửa", "/boqua",
    "1", "1", "6", "/boqua",
]
EXPECTED = {
    "quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 12, "quan-triet.so-luot": 350,
    "quan-triet.ty-le": 100, "quan-triet.thong-tin": "dang", "quan-triet.phan-cong": "da",
    "cai-cach-hanh-chinh.trien-khai": "da", "cai-cach-hanh-chinh.giai-phap-chi-so": "dang",
    "cai-cach-hanh-chinh.ho-so-truc-tuyen": 85, "cai-cach-hanh-chinh.dao-tao": 40,
    "cai-cach-hanh-chinh.kiem-tra-cong-vu": 3, "cai-cach-hanh-chinh.xu-ly-vi-pham": 0,
    "cai-cach-hanh-chinh.chi-so": "tang",
    "cai-cach-hanh-chinh.ket-qua": "Rút ngắn thời gian giải quyết hồ sơ",
    "dan-chu-co-so.trien-khai": "da", "dan-chu-co-so.tiep-cong-dan": 12, "dan-chu-co-so.doi-thoai": 4,
    "dan-chu-co-so.don-thu": 15, "dan-chu-co-so.diem-nong": "khong", "dan-chu-co-so.kiem-tra": 2,
    "thi-dua.trien-khai": "da", "thi-dua.dan-van-kheo": 5, "thi-dua.khen-thuong": 7,
    "thi-dua.an-sinh": "da", "thi-dua.ket-qua": "Mô hình “Dân vận khéo” tại bộ phận một cửa",
    "phoi-hop-mttq.trien-khai": "da", "phoi-hop-mttq.quy-che": "da", "phoi-hop-mttq.lay-y-kien": 6,
}


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_officer_registers_fills_pauses_resumes_and_submits_on_zalo(
    fake: FakeZaloApi, bots: list[Bot], settings: Settings, clock: FakeClock, mode: str
) -> None:
    bot = await Bot(settings, clock, fake, mode).start()
    bots.append(bot)
    assert bot.rt is not None
    codes = await seed(bot.rt)
    photo = fake.photo("hoi-nghi-quan-triet.jpg", JPEG)

    assert "mã mời" in await bot.say("xin chào")
    assert "1. Đúng" in await bot.say(f"/start {codes['SNV']}")
    await bot.say("1")
    await bot.say("Nguyễn Văn An")
    await bot.say("Chuyên viên")
    assert "Đăng ký thành công" in await bot.say("0912 345 678")

    menu = await bot.say("/baocao")
    assert "2. Báo cáo 6 tháng" in menu and "Trả lời 1, 2, 3 hoặc 4" in menu
    first = await bot.say("2")
    assert "Câu 1/" in first and "1. Đã thực hiện\n2. Đang thực hiện\n3. Chưa thực hiện" in first
    for typed in BEFORE_PAUSE:
        assert "✅" in await bot.say(typed), typed
    assert "📎" in await bot.say(photo=photo)  # the evidence question takes the photo, downloaded at once
    for typed in AFTER_PHOTO:
        assert "✅" in await bot.say(typed), typed
    assert "/tieptuc" in await bot.say("/tamdung")

    await bot.stop()  # the bot process goes away
    if mode == "polling":
        before = len(fake.sent(CHAT))
        fake.user_text(CHAT, "/tieptuc")  # written while the bot is down: Zalo keeps it
        bot = await Bot(settings, clock, fake, mode).start()
        bots.append(bot)
        await fake.wait_sent(CHAT, before + 1, within=10)
        resumed = "\n".join(fake.sent(CHAT)[before:])
    else:
        bot = await Bot(settings, clock, fake, mode).start()
        bots.append(bot)
        resumed = await bot.say("/tieptuc")
    assert "Số cuộc kiểm tra, thanh tra công vụ" in resumed

    for typed in AFTER_RESTART:
        reply = await bot.say(typed)
        assert "⚠️" not in reply, (typed, reply)
    review = await bot.say("/xemlai")
    assert "/nop" in review and all(len(part) <= 2000 for part in fake.sent(CHAT))
    assert "1. Nộp" in await bot.say("nộp")
    assert "Đã nộp" in await bot.say("1")

    status, stored = await bot.answers()
    assert status == "submitted"
    evidence = stored.pop("quan-triet.minh-chung")
    assert stored == EXPECTED
    # Kept by content hash beside the database, whatever becomes of Zalo's URL.
    assert evidence == {"kind": "photo", "file_id": photo, "url": photo, "caption": "Hội nghị quán triệt",
                        "sha256": SHA, "size": len(JPEG), "mime": "image/jpeg", "name": f"MC-{SHA[:12]}.jpg"}
    assert (settings.evidence_root / SHA[:2] / SHA).read_bytes() == JPEG
