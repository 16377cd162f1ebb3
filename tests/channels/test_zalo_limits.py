"""The Zalo Bot Platform's documented errors and limits, end to end: the real
router, the adapter and the fake server (docs/zalo.md has the table).

403 is Zalo's internal server error: retried, nobody marked unreachable
(only after failing for hours). 429 is the monthly quota: Zalo sends pause
until it resets, reminders wait queued, admins are told once. Messages are
counted per month (admins warned at 80 % and 95 %); the 51st Zalo user is
refused with a pointer to the Official Account."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.errors import ChatUnreachable, QuotaExceeded, TransientChannelError
from bot.core.messages import Channel, Outgoing
from bot.core.settings import Settings
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.reminders.planner import Planner
from bot.services.runtime import Runtime
from bot.shell.cli.zalo_status import status_lines
from handlers.views.reminders import TEXTS
from locales import t
from storage import officers as officer_store
from storage import units as unit_store
from storage import usage as usage_store
from storage.schema import identities, officers, reminders
from tests.channels.test_zalo_e2e import registered
from tests.channels.zalo_support import CHAT, Bot, fake
from tests.conftest import seed
from tests.fakes.zalo_api import FakeZaloApi
from tests.support.reminders import add_admin

__all__ = ["fake"]  # fixtures used by name

HCM = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
async def bot(fake: FakeZaloApi, settings: Settings, clock: FakeClock) -> AsyncIterator[Bot]:
    b = await registered(fake, settings, clock)
    assert b.rt is not None
    await telegram_admin(b.rt)
    yield b
    await b.stop()


async def telegram_admin(rt: Runtime, user_id: str = "tg-admin") -> None:
    async with rt.begin() as conn:
        province = await unit_store.find_unit(conn, "TN")
    assert province is not None
    await add_admin(rt, province.id, user_id=user_id, channel="telegram")


async def identity_row(rt: Runtime) -> sa.Row[tuple[object, ...]]:
    async with rt.begin() as conn:
        return (await conn.execute(sa.select(identities).where(identities.c.chat_id == CHAT))).one()


async def test_403_is_retried_and_marks_no_one_unreachable(fake: FakeZaloApi, bot: Bot) -> None:
    assert bot.adapter is not None and bot.rt is not None
    fake.inject("sendMessage", "403", times=3)  # every attempt the client makes
    with pytest.raises(TransientChannelError):
        await bot.adapter.send(CHAT, Outgoing("⏰ Còn 3 ngày đến hạn báo cáo 6 tháng"))
    assert len([c for c in fake.calls_of("sendMessage") if c.body["text"].startswith("⏰")]) == 3
    assert bot.unreachable == []
    row = await identity_row(bot.rt)
    assert row.unreachable_at is None
    # Zalo recovers: the same chat is served again, nothing was lost.
    await bot.adapter.send(CHAT, Outgoing("⏰ Còn 3 ngày đến hạn báo cáo 6 tháng"))
    assert fake.sent(CHAT)[-1].startswith("⏰")


async def test_403_for_a_day_at_last_marks_the_chat_unreachable(
    fake: FakeZaloApi, bot: Bot, clock: FakeClock
) -> None:
    assert bot.adapter is not None and bot.rt is not None
    fake.inject("sendMessage", "403", times=3)
    with pytest.raises(TransientChannelError):
        await bot.adapter.send(CHAT, Outgoing("nhắc 1"))
    clock.advance(hours=23)
    fake.inject("sendMessage", "403", times=3)
    with pytest.raises(TransientChannelError):  # 23 hours: still Zalo's own trouble
        await bot.adapter.send(CHAT, Outgoing("nhắc 2"))
    assert (await identity_row(bot.rt)).unreachable_at is None
    clock.advance(hours=2)
    fake.inject("sendMessage", "403", times=3)
    with pytest.raises(ChatUnreachable):
        await bot.adapter.send(CHAT, Outgoing("nhắc 3"))
    row = await identity_row(bot.rt)
    assert row.unreachable_at is not None and "403" in row.unreachable_reason
    assert bot.unreachable == [CHAT]


async def test_429_pauses_zalo_tells_admins_once_and_keeps_reminders_queued(
    fake: FakeZaloApi, bot: Bot, clock: FakeClock
) -> None:
    assert bot.adapter is not None and bot.rt is not None and bot.meter is not None
    fake.quota = fake.quota_used  # the month's messages are spent
    asked = len(fake.calls_of("sendMessage"))
    fake.user_text(CHAT, "1")
    await fake.wait_calls("sendMessage", asked + 1)
    await bot.adapter.join()
    await bot.meter.join()
    assert (await bot.answers())[1] == {"quan-triet.trien-khai": "da"}  # the answer is kept
    calls = len(fake.calls_of("sendMessage"))
    told = [s for s in bot.telegram.sent if s.chat_id == "tg-admin"]
    assert len(told) == 1 and "hạn mức" in told[0].text and "01/06/2025" in told[0].text

    # Paused: another message is handled, but Zalo is not asked again, nor the admins told again.
    fake.user_text(CHAT, "7")
    await bot.adapter.join()
    await bot.meter.join()
    assert len(fake.calls_of("sendMessage")) == calls
    assert len(bot.telegram.sent) == 1

    # A reminder due meanwhile waits, queued, for the reset: not failed.
    clock.set(dt.datetime(2025, 5, 12, 8, 0, tzinfo=HCM))  # 7 days before the last day, 19/5 ("trước ngày 20/5")
    await Planner(bot.rt).tick()
    stats = await Dispatcher(bot.rt, {Channel.ZALO: bot.adapter}, texts=TEXTS).tick()
    assert stats.held >= 1 and stats.failed == 0 and stats.sent == 0
    reset = dt.datetime(2025, 6, 1, tzinfo=HCM)
    async with bot.rt.begin() as conn:
        rows = (await conn.execute(sa.select(reminders).where(reminders.c.channel == "zalo",
                                                              reminders.c.error == "quota exceeded"))).all()
    assert rows and all(r.status == "pending" and r.next_attempt_at == reset for r in rows)
    assert len(fake.calls_of("sendMessage")) == calls

    # The new month: the quota is back and the queued reminders go out.
    fake.reset_quota()
    clock.set(dt.datetime(2025, 6, 2, 8, 0, tzinfo=HCM))
    stats = await Dispatcher(bot.rt, {Channel.ZALO: bot.adapter}, texts=TEXTS).tick()
    assert stats.sent >= 1 and stats.failed == 0
    assert len(fake.calls_of("sendMessage")) > calls


async def test_an_answer_costs_one_message_saved_and_next_question_together(fake: FakeZaloApi, bot: Bot) -> None:
    before = len(fake.calls_of("sendMessage"))
    reply = await bot.say("1")
    assert "✅" in reply and "Câu 2/" in reply  # "saved" and the next question …
    assert len(fake.calls_of("sendMessage")) == before + 1  # … in one message of the month's quota


async def test_a_pause_survives_a_restart(fake: FakeZaloApi, settings: Settings, clock: FakeClock) -> None:
    first = await registered(fake, settings, clock)
    assert first.meter is not None
    await first.meter.exceeded()
    await first.stop()
    second = await Bot(settings, clock, fake, "polling").start()
    try:
        assert second.adapter is not None
        before = len(fake.calls_of("sendMessage"))
        with pytest.raises(QuotaExceeded):
            await second.adapter.send(CHAT, Outgoing("nhắc"))
        assert len(fake.calls_of("sendMessage")) == before  # known from the database, Zalo not asked
    finally:
        await second.stop()


async def test_messages_are_counted_and_admins_warned_at_80_and_95_percent(
    fake: FakeZaloApi, bot: Bot
) -> None:
    assert bot.adapter is not None and bot.rt is not None and bot.meter is not None
    bot.rt.settings.zalo_monthly_quota = 40
    while fake.quota_used < 40:
        await bot.adapter.send(CHAT, Outgoing(f"tin {fake.quota_used}"))
    await bot.meter.join()
    async with bot.rt.begin() as conn:
        row = await usage_store.usage(conn, "zalo", "2025-05-01")
    assert row.sent == fake.quota_used == 40  # every message Zalo took was counted
    told = [s.text for s in bot.telegram.sent]
    assert len(told) == 2 and "80%" in told[0] and "95%" in told[1]
    assert "32/40" in told[0] and "38/40" in told[1]


async def seed_zalo_users(rt: Runtime, count: int) -> None:
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "STC")
        assert unit is not None
        for n in range(count):
            await officer_store.create_officer(
                conn, unit_id=unit.id, full_name=f"Cán Bộ {n}", position="Chuyên viên", phone="0912345678",
                locale="vi", channel="zalo", user_id=f"zalo-user-{n}", chat_id=f"zalo-user-{n}",
                display_name=None, now=rt.clock.now())


@pytest.fixture
async def fresh(fake: FakeZaloApi, settings: Settings, clock: FakeClock) -> AsyncIterator[Bot]:
    b = await Bot(settings, clock, fake, "polling").start()
    assert b.rt is not None
    b.codes = await seed(b.rt)
    await telegram_admin(b.rt)
    yield b
    await b.stop()


async def test_the_51st_zalo_officer_is_refused_and_pointed_to_the_official_account(
    fake: FakeZaloApi, fresh: Bot
) -> None:
    assert fresh.rt is not None
    codes = fresh.codes
    await seed_zalo_users(fresh.rt, 50)
    reply = await fresh.say(f"/start {codes['SNV']}")
    assert reply == t("register.zalo_full", limit=50)
    assert "Official Account" in reply
    async with fresh.rt.begin() as conn:
        count = await conn.scalar(sa.select(sa.func.count()).select_from(officers))
        mine = await conn.scalar(sa.select(identities.c.id).where(identities.c.user_id == CHAT))
    assert count == 50 and mine is None
    # One officer leaves: a seat is free again, and the same invite still works.
    async with fresh.rt.begin() as conn:
        await conn.execute(officers.update().where(officers.c.full_name == "Cán Bộ 0").values(
            left_at=fresh.rt.clock.now()))
    assert "Sở Nội vụ" in await fresh.say(f"/start {codes['SNV']}")


async def test_linking_the_40th_of_50_zalo_users_warns_admins(fake: FakeZaloApi, fresh: Bot) -> None:
    assert fresh.rt is not None
    codes = fresh.codes
    await seed_zalo_users(fresh.rt, 39)
    for typed in (f"/start {codes['SNV']}", "1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678"):
        await fresh.say(typed)
    told = [s.text for s in fresh.telegram.sent]
    assert told == [t("zalo.users_warn", percent=80, count=40, limit=50)]


async def test_a_message_zalo_withholds_by_law_gets_its_own_answer_and_is_recorded(
    fake: FakeZaloApi, fresh: Bot
) -> None:
    assert fresh.rt is not None
    before = len(fake.sent(CHAT))
    fake.user_unsupported(CHAT)
    await fake.wait_sent(CHAT, before + 1)
    assert fake.sent(CHAT)[-1] == t("common.protected_sender")
    lines = await status_lines(fresh.rt)
    assert any("withheld" in line for line in lines) and any(f"zalo:{CHAT}" in line for line in lines)


async def test_an_unreadable_update_is_skipped_and_polling_goes_on(fake: FakeZaloApi, fresh: Bot) -> None:
    fake.push({"event_name": "message.text.received", "message": {"chat": {"id": CHAT}, "text": "?"}})
    fake.push({"message": {"message_id": "m-no-event", "from": {"id": CHAT}, "chat": {"id": CHAT},
                           "text": "/start"}})  # no event_name: inferred as text
    await fake.wait_sent(CHAT, 1)
    assert fake.sent(CHAT) == [t("register.welcome")]


async def test_the_first_message_to_a_new_user_says_it_is_a_bot_and_what_it_keeps(
    fake: FakeZaloApi, fresh: Bot
) -> None:
    first = await fresh.say("xin chào")
    assert "trợ lý tự động (bot)" in first and "91/2025/QH15" in first  # the platform's terms, the law
    await fresh.say(f"/start {fresh.codes['SNV']}")
    notice = await fresh.say("1")  # before any personal data is asked: what is kept, and why
    assert notice.startswith(t("register.privacy")) and t("register.ask_name") in notice
