"""Zalo with the real router: long input, a network failure mid-report, an
unreachable chat recorded in the database, a replay answered once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.errors import ChatUnreachable
from bot.core.messages import Outgoing
from bot.core.settings import Settings
from locales import t
from storage.schema import identities
from tests.channels.zalo_support import CHAT, Bot, eventually, fake
from tests.conftest import seed
from tests.fakes.zalo_api import FakeZaloApi

__all__ = ["fake"]  # fixtures used by name


async def registered(fake: FakeZaloApi, settings: Settings, clock: FakeClock, **kw: object) -> Bot:
    bot = await Bot(settings, clock, fake, "polling", **kw).start()
    assert bot.rt is not None
    codes = await seed(bot.rt)
    for typed in (f"/start {codes['SNV']}", "1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678"):
        await bot.say(typed)
    assert "Câu 1/" in await bot.say("/baocao 6-thang")
    return bot


@pytest.fixture
async def bot(fake: FakeZaloApi, settings: Settings, clock: FakeClock) -> AsyncIterator[Bot]:
    b = await registered(fake, settings, clock)
    yield b
    await b.stop()


async def test_a_5000_character_message_gets_a_clear_answer(fake: FakeZaloApi, bot: Bot) -> None:
    before = len(fake.sent(CHAT))
    reply = await bot.say("Đơn vị đã tổ chức quán triệt. " * 170)
    parts = fake.sent(CHAT)[before:]
    assert "⚠️" in reply and "Câu 1/" in reply  # told why, asked again
    assert all(1 <= len(p) <= 2000 for p in parts)
    _status, stored = await bot.answers()
    assert stored == {}


async def test_a_replayed_update_is_answered_once(fake: FakeZaloApi, bot: Bot) -> None:
    before = len(fake.sent(CHAT))
    fake.user_text(CHAT, "1", message_id="same-id")
    await fake.wait_sent(CHAT, before + 1)
    fake.user_text(CHAT, "1", message_id="same-id")
    fake.user_text(CHAT, "7", message_id="next-id")
    await fake.wait_sent(CHAT, before + 2)
    assert bot.adapter is not None
    await bot.adapter.join()
    assert len(fake.sent(CHAT)) == before + 2
    _status, stored = await bot.answers()
    assert stored == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 7}


async def test_a_network_failure_loses_no_answer(
    fake: FakeZaloApi, settings: Settings, clock: FakeClock
) -> None:
    bot = await registered(fake, settings, clock, redeliver_delays=(60.0,))
    try:
        before, calls = len(fake.sent(CHAT)), len(fake.calls_of("sendMessage"))
        fake.inject("sendMessage", "network", times=3)  # every retry of the reply fails
        fake.user_text(CHAT, "1")
        await eventually(lambda: len(fake.calls_of("sendMessage")) == calls + 3)
        assert bot.adapter is not None
        await bot.adapter.join()
        assert len(fake.sent(CHAT)) == before  # the officer saw nothing …
        assert (await bot.answers())[1] == {"quan-triet.trien-khai": "da"}  # … but it is saved

        # Not seeing an answer, the officer types "1" again: it is not taken as
        # the next question's answer; the missed question comes, with a notice.
        reply = await bot.say("1")
        assert reply.startswith(t("zalo.redelivered_skipped"))
        assert "Số hội nghị" in reply
        assert (await bot.answers())[1] == {"quan-triet.trien-khai": "da"}
        assert "✅" in await bot.say("12")
        assert (await bot.answers())[1] == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 12}
    finally:
        await bot.stop()


async def test_a_reply_lost_to_the_network_is_redelivered(
    fake: FakeZaloApi, settings: Settings, clock: FakeClock
) -> None:
    bot = await registered(fake, settings, clock, redeliver_delays=(0.2, 0.2))
    try:
        before = len(fake.sent(CHAT))
        fake.inject("sendMessage", "5xx", times=3)
        fake.user_text(CHAT, "1")
        sent = await fake.wait_sent(CHAT, before + 2)
        assert sent[before] == t("zalo.redelivered") and "Số hội nghị" in sent[before + 1]
    finally:
        await bot.stop()


async def test_the_channels_own_notices_follow_the_officers_language(
    fake: FakeZaloApi, settings: Settings, clock: FakeClock
) -> None:
    bot = await registered(fake, settings, clock, redeliver_delays=(0.2, 0.2))
    try:
        assert "English" in await bot.say("/language en")
        before = len(fake.sent(CHAT))
        fake.inject("sendMessage", "5xx", times=3)
        fake.user_text(CHAT, "1")
        sent = await fake.wait_sent(CHAT, before + 2)
        assert sent[before] == t("zalo.redelivered", "en")  # not the bot's default Vietnamese
        assert "Question 2/" in sent[before + 1]
    finally:
        await bot.stop()


async def test_an_unreachable_chat_is_recorded(fake: FakeZaloApi, bot: Bot) -> None:
    assert bot.adapter is not None and bot.rt is not None
    fake.block(CHAT)  # the officer blocked the bot
    with pytest.raises(ChatUnreachable):
        await bot.adapter.send(CHAT, Outgoing("⏰ Còn 3 ngày đến hạn báo cáo 6 tháng"))
    assert bot.unreachable == [CHAT]
    async with bot.rt.begin() as conn:
        row = (await conn.execute(sa.select(identities).where(identities.c.chat_id == CHAT))).one()
    assert row.unreachable_at is not None and "blocked" in row.unreachable_reason
