"""A plan document uploaded as a file on the Zalo Official Account, end to
end: the OA adapter as the composition root wires it, the real router, the
fake OA platform serving the file at the link its webhook event carries. An
admin sends /nhapkehoach then the .docx (``user_send_file``), gets the
preview and activates or discards the draft; the plan is stored only on
activate. A photo sent instead gets a clear Vietnamese answer and nothing is
stored (no plan, no evidence file)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.clock import FakeClock
from locales import t
from storage.plans import latest_plan
from storage.schema import evidence_files, plans
from tests.channels.zalo_oa_support import OABot, clocked_fake, seeded_bot
from tests.fakes.zalo_oa_api import FakeOA
from tests.handlers.test_plan_import_chat import SEED
from tests.handlers.test_plan_import_files import JPEG, docx_of
from tests.support.admin import make_admin
from tests.support.reminders import local

ADMIN = "9000000000001"  # the province's admin, an OA follower


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local(2024, 3, 4, 9, 0))


__all__ = ["clocked_fake", "seeded_bot"]  # the fixtures "fake" and "bot", used by name


async def _count(bot: OABot, table: sa.Table) -> int:
    assert bot.rt is not None
    async with bot.rt.begin() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def _send(fake: FakeOA, name: str, data: bytes, event: str) -> str:
    """The admin sends a file (``user_send_file``) or a photo
    (``user_send_image``); the bot's answer, every part joined."""
    before = len(fake.texts(ADMIN))
    attachment = fake.attachment(name, data, kind="file" if event == "user_send_file" else "image")
    assert await fake.deliver(fake.event(ADMIN, event, attachments=attachment)) == 200
    await fake.wait_sent(ADMIN, before + 1)
    await fake.settle(ADMIN)
    return "\n".join(fake.texts(ADMIN)[before:])


async def _preview(bot: OABot, fake: FakeOA, tmp_path: Path) -> str:
    assert "Gửi tệp văn bản kế hoạch" in await fake.say(ADMIN, "/nhapkehoach")
    return await _send(fake, "ke-hoach-tu-xuyen.docx", docx_of(SEED, tmp_path), "user_send_file")


async def test_an_admin_uploads_the_docx_sees_the_preview_and_activates_it(bot: OABot, fake: FakeOA, tmp_path: Path) -> None:
    assert bot.rt is not None
    await make_admin(bot.rt, ADMIN, "TN", channel="zalo_oa")
    before = await _count(bot, plans)
    preview = await _preview(bot, fake, tmp_path)
    assert "Bản nháp kế hoạch:" in preview and "mã xa-tu-xuyen-2024, năm 2024" in preview
    assert "Lĩnh vực (phần nội dung): 7" in preview and "Thời hạn: 2" in preview
    assert "Nhiệm vụ (mỗi nhiệm vụ một câu hỏi tình trạng): 20" in preview
    assert "Câu hỏi số lượng (nhiệm vụ nêu việc đếm được: hội nghị, mô hình, văn bản…): 7" in preview
    assert "Chỉ tiêu: 0" in preview and "số văn bản" in preview  # the copy states no targets, no number line
    assert "dvbot plan import" in preview  # the OA takes no .yaml: where the draft file is got
    assert [b["title"] for b in fake.buttons(ADMIN)] == ["1. Kích hoạt", "2. Bỏ bản nháp"]
    assert await _count(bot, plans) == before  # nothing stored before the admin says so
    done = await fake.press(ADMIN, "Kích hoạt")
    assert "Đã kích hoạt kế hoạch xa-tu-xuyen-2024, phiên bản 1 (2 kỳ báo cáo)" in done
    assert await _count(bot, plans) == before + 1
    async with bot.rt.begin() as conn:
        stored = await latest_plan(conn, "xa-tu-xuyen-2024")
    assert stored is not None and stored.plan.applies_to == ["TN"]
    assert [r.id for r in stored.plan.rounds] == ["6-thang", "ca-nam"]
    assert await _count(bot, evidence_files) == 0  # the document was read, not kept as evidence


async def test_a_discarded_draft_or_a_photo_stores_nothing(bot: OABot, fake: FakeOA, tmp_path: Path) -> None:
    assert bot.rt is not None
    await make_admin(bot.rt, ADMIN, "TN", channel="zalo_oa")
    before = await _count(bot, plans)
    assert "Lĩnh vực (phần nội dung): 7" in await _preview(bot, fake, tmp_path)
    assert "Đã bỏ bản nháp; không có gì được lưu." in await fake.press(ADMIN, "Bỏ bản nháp")
    assert "Gửi tệp văn bản kế hoạch" in await fake.say(ADMIN, "/nhapkehoach")
    refused = await _send(fake, "anh-ke-hoach.jpg", JPEG, "user_send_image")
    assert refused == "\n".join([t("ingest.chat.image"), t("ingest.chat.file_again")])
    assert "Đây là ảnh, không phải tệp văn bản kế hoạch" in refused
    assert await _count(bot, plans) == before and await _count(bot, evidence_files) == 0
