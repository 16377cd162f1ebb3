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
    bot = await registered(fake, settings, clock)
    try:
        before = await lose_a_reply(fake, bot, "1", "network")
        assert len(fake.sent(CHAT)) == before  # the officer saw nothing …
        assert (await bot.answers())[1] == {"quan-triet.trien-khai": "da"}  # … but it is saved

        # Not seeing an answer, the officer types "1" again: a resend, not the
        # next question's answer; the missed question comes first.
        reply = await bot.say("1")
        assert reply.startswith(t("common.redelivered")) and "Số hội nghị" in reply
        assert reply.endswith(t("common.resend", text="1"))
        assert (await bot.answers())[1] == {"quan-triet.trien-khai": "da"}
        assert "✅" in await bot.say("12")
        assert (await bot.answers())[1] == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 12}
    finally:
        await bot.stop()


async def lose_a_reply(fake: FakeZaloApi, bot: Bot, text: str, fault: str = "5xx") -> int:
    """The officer sends ``text``; every try of the reply fails (more tries
    than the client's retries). How many messages the chat had before."""
    before, calls = len(fake.sent(CHAT)), len(fake.calls_of("sendMessage"))
    fake.inject("sendMessage", fault, times=3)
    fake.user_text(CHAT, text)
    await eventually(lambda: len(fake.calls_of("sendMessage")) == calls + 3)
    assert bot.adapter is not None
    await bot.adapter.join()
    return before


async def test_a_reply_lost_to_the_network_is_redelivered(
    fake: FakeZaloApi, bot: Bot, clock: FakeClock
) -> None:
    before = await lose_a_reply(fake, bot, "1")
    await bot.redeliver()
    assert len(fake.sent(CHAT)) == before  # its retry is not due yet
    clock.advance(seconds=6)
    await bot.redeliver()
    sent = fake.sent(CHAT)[before:]
    assert sent[0] == t("common.redelivered") and "Số hội nghị" in sent[1]
    await bot.redeliver()  # delivered: never again
    assert len(fake.sent(CHAT)) == before + len(sent)


async def test_the_redelivery_notice_follows_the_officers_language(
    fake: FakeZaloApi, bot: Bot, clock: FakeClock
) -> None:
    assert "English" in await bot.say("/language en")
    before = await lose_a_reply(fake, bot, "1")
    clock.advance(seconds=6)
    await bot.redeliver()
    sent = fake.sent(CHAT)[before:]
    assert sent[0] == t("common.redelivered", "en")  # not the bot's default Vietnamese
    assert "Question 2/" in sent[1]


async def test_a_reply_lost_before_a_restart_is_delivered_first_and_the_resend_recognised(
    fake: FakeZaloApi, settings: Settings, clock: FakeClock
) -> None:
    """The finding of issue 11, reproduced: a 502 on the reply, the process
    killed, a new one started, the officer sends the answer again. Before the
    reply outbox the resend was stored as the answer to the next question,
    which the officer never saw."""
    first = await registered(fake, settings, clock)
    before = await lose_a_reply(fake, first, "1", "502")  # every try of the reply: Bad Gateway
    assert first.adapter is not None and first.rt is not None
    # Killed: nothing of the first process is stopped or flushed, its memory is gone.
    assert first.adapter._poller is not None
    first.adapter._poller.cancel()
    first.adapter._stopped = True
    await first.rt.close()
    assert len(fake.sent(CHAT)) == before

    second = await Bot(settings, clock, fake, "polling").start()
    try:
        reply = await second.say("1")  # the officer, who saw nothing, sends "1" again
        assert reply.startswith(t("common.redelivered"))
        assert reply.index("Số hội nghị") < reply.index(t("common.resend", text="1"))
        assert (await second.answers())[1] == {"quan-triet.trien-khai": "da"}  # Câu 2 untouched
        assert "✅" in await second.say("7")
        assert (await second.answers())[1] == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 7}
    finally:
        await second.stop()


async def test_an_unreachable_chat_is_recorded(fake: FakeZaloApi, bot: Bot) -> None:
    assert bot.adapter is not None and bot.rt is not None
    fake.block(CHAT)  # the officer blocked the bot
    with pytest.raises(ChatUnreachable):
        await bot.adapter.send(CHAT, Outgoing("⏰ Còn 3 ngày đến hạn báo cáo 6 tháng"))
    assert bot.unreachable == [CHAT]
    async with bot.rt.begin() as conn:
        row = (await conn.execute(sa.select(identities).where(identities.c.chat_id == CHAT))).one()
    assert row.unreachable_at is not None and "blocked" in row.unreachable_reason
