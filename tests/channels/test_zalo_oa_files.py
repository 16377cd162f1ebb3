"""Files on the Zalo OA: a Word report is uploaded (/v2.0/oa/upload/file)
and sent as a file attachment; a type the OA does not take (an Excel export)
is named in the chat instead. The OA adapter as the composition root wires
it, the real router, the fake OA platform."""

from __future__ import annotations

import io

import docx
import pytest

from bot.channels.zalo_oa import CAPABILITIES
from bot.core.clock import FakeClock
from tests.channels.zalo_oa_support import (
    USER,
    OABot,
    clocked_fake,
    register,
    seeded_bot,
)
from tests.fakes.zalo_oa_api import FakeOA
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import make_admin
from tests.support.reminders import local


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local(2025, 5, 25, 10, 0))


__all__ = ["clocked_fake", "seeded_bot"]  # the fixtures "fake" and "bot", used by name


async def test_the_unit_word_report_arrives_as_a_file(bot: OABot, fake: FakeOA) -> None:
    await register(fake, bot.codes["SNV"])  # type: ignore[attr-defined]
    assert bot.rt is not None
    await seed_small(bot.rt)
    reply = await fake.say(USER, "/baocaoword 6-thang")
    assert "Dự thảo báo cáo" in reply and "dvbot report docx" not in reply  # no CLI pointer: the file came
    [sent] = [s for s in fake.sent if s.file is not None]
    name, content = sent.file  # type: ignore[misc]
    assert sent.user_id == USER and name == "bao-cao-6-thang-snv.docx" and sent.text == ""
    lines = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert "Số buổi người đứng đầu tiếp công dân trong kỳ: 12." in lines
    assert fake.sent[-1] is sent  # after the text that announces it
    assert list(fake.uploads.values()) == [(name, content)]


async def test_an_excel_export_is_named_not_sent(bot: OABot, fake: FakeOA) -> None:
    assert bot.rt is not None
    await seed_small(bot.rt)
    await make_admin(bot.rt, "boss-oa", "TN", channel="zalo_oa")
    reply = await fake.say("boss-oa", "/xuat 6-thang")
    assert ".xlsx" in reply and "Zalo chỉ nhận tệp PDF, Word tới 5 MB" in reply
    assert all(s.file is None for s in fake.sent) and fake.uploads == {}


def test_what_the_oa_delivers_as_a_file() -> None:
    assert CAPABILITIES.delivers("bao-cao.docx", 1000) and CAPABILITIES.delivers("MC.PDF", 10)
    assert not CAPABILITIES.delivers("xuat.xlsx", 1000)  # the upload takes PDF and Word only
    assert not CAPABILITIES.delivers("bao-cao.docx", 5 * 1024 * 1024 + 1)  # over 5 MB
    assert not CAPABILITIES.delivers("bao-cao", 10)




async def test_status_reads_the_allowance_zalo_reports(bot: OABot, fake: FakeOA, clock: FakeClock) -> None:
    """``dvbot zalo-oa status`` asks Zalo what is left (/v2.0/oa/quota/message)
    with the stored access token, and never refreshes to do so."""
    from bot.shell.cli.zalo_oa import status_lines

    assert bot.rt is not None
    await register(fake, bot.codes["SNV"])  # type: ignore[attr-defined]  # the first send stored a live token
    fake.quota = 437
    lines = await status_lines(bot.rt)
    assert "Hạn mức tin chủ động theo Zalo: còn 437/1000" in lines
    refreshes = fake.refreshes
    clock.advance(hours=30)  # the stored access token (25 h) is dead now
    lines = await status_lines(bot.rt)
    assert any(line.startswith("Hạn mức theo Zalo: chưa đọc được (chưa có mã truy cập còn hạn") for line in lines)
    fake.expire_access()
    clock.advance(hours=-30)
    lines = await status_lines(bot.rt)  # Zalo refuses the token: said, not refreshed
    assert any("chưa đọc được" in line and "-216" in line for line in lines)
    assert fake.refreshes == refreshes
