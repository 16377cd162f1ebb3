"""The Zalo OA's reply windows, quota and follow events, travelling in time:
the OA adapter as the composition root wires it, the real router, reminders
planned and dispatched, the fake OA platform on the same FakeClock."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.channels.zalo_oa.adapter import ZaloOAAdapter
from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.shell.scheduler import ReminderTick
from locales import t
from storage import units as unit_store
from storage import zalo_oa as store
from storage.schema import deliveries, identities, reminders
from tests.channels.zalo_oa_support import (
    USER,
    OABot,
    clocked_fake,
    free_port,
    oa_settings,
    register,
    seeded,
    seeded_bot,
)
from tests.fakes.zalo_oa_api import APP_ID, FakeOA
from tests.support.reminders import FakeSender, add_admin, local

REMINDER_DAY = local(2025, 5, 12, 8, 30)  # 7 days before the 6-month report's last day, 19/5 ("trước ngày 20/5")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local(2025, 5, 2, 9, 0))


__all__ = ["clocked_fake", "seeded_bot"]  # the fixtures "fake" and "bot", used by name


async def _tick(bot: OABot) -> None:
    assert bot.rt is not None and bot.router is not None
    await ReminderTick(bot.rt, bot.router.senders).run()


async def _admin_on_telegram(bot: OABot, clock: FakeClock) -> FakeSender:
    """The province's admin, reached on Telegram (a fake sender): where the
    OA's notices to admins go."""
    assert bot.rt is not None and bot.router is not None
    async with bot.rt.begin() as conn:
        province = await unit_store.find_unit(conn, "TN")
    assert province is not None
    await add_admin(bot.rt, province.id, "admin-tg", "telegram")
    telegram = FakeSender(Channel.TELEGRAM, clock)
    bot.router.senders[Channel.TELEGRAM] = telegram  # type: ignore[assignment]
    return telegram


async def _rows(bot: OABot) -> list[sa.Row[object]]:
    assert bot.rt is not None
    async with bot.rt.begin() as conn:
        return list(await conn.execute(sa.select(reminders).where(reminders.c.channel == "zalo_oa")))


async def test_a_reminder_outside_the_window_is_recorded_not_sent_and_the_officer_is_asked(
    bot: OABot, fake: FakeOA, clock: FakeClock
) -> None:
    assert "Đăng ký thành công" in await register(fake, bot.codes["SNV"])  # type: ignore[attr-defined]
    assert bot.rt is not None and bot.router is not None
    telegram = await _admin_on_telegram(bot, clock)
    clock.set(REMINDER_DAY)  # 10 days without a message from the officer
    async with bot.rt.begin() as conn:
        [outside] = await store.officers_outside(conn, clock.now() - dt.timedelta(days=7))
    assert outside.full_name == "Nguyễn Văn An" and outside.unit_code == "SNV"

    before = len(fake.sent)
    await _tick(bot)
    assert len(fake.sent) == before and fake.refused_sends == []  # not even attempted
    [row] = await _rows(bot)
    assert row.status == "failed" and "outside the consultation window" in row.error
    async with bot.rt.begin() as conn:
        outcomes = [r.outcome for r in await conn.execute(
            sa.select(deliveries).where(deliveries.c.channel == "zalo_oa"))]
        unreachable = (await conn.execute(sa.select(identities.c.unreachable_at))).scalar_one()
    assert outcomes == ["outside_window"] and unreachable is None  # not "unreachable": they may write again
    await _tick(bot)
    assert [r.status for r in await _rows(bot)] == ["failed"]  # not retried
    told = [m.text for m in telegram.sent if "Nguyễn Văn An" in m.text]
    assert len(told) == 1 and "quá 7 ngày" in told[0] and "nhắn một tin bất kỳ cho OA" in told[0]  # once

    reply = await fake.say(USER, "/tiendo")
    assert reply.startswith(t("zalo_oa.window_reopened", "vi"))
    again = await fake.say(USER, "/tiendo")
    assert t("zalo_oa.window_reopened", "vi") not in again  # asked once
    async with bot.rt.begin() as conn:
        assert await store.officers_outside(conn, clock.now() - dt.timedelta(days=7)) == []


async def test_a_reminder_inside_the_window_is_sent(bot: OABot, fake: FakeOA, clock: FakeClock) -> None:
    clock.set(REMINDER_DAY - dt.timedelta(hours=20))
    await register(fake, bot.codes["SNV"])  # type: ignore[attr-defined]
    clock.set(REMINDER_DAY)
    await _tick(bot)
    [row] = await _rows(bot)
    assert row.status == "sent" and "Báo cáo 6 tháng" in fake.texts(USER)[-1]


@pytest.mark.parametrize(("code", "why"), [
    (-227, "User is banned or inactive for more than 45 days"),
    (-213, "User has not followed OA"),
])
async def test_a_person_zalo_says_cannot_be_reached_is_marked_unreachable_and_the_admins_told(
    bot: OABot, fake: FakeOA, clock: FakeClock, code: int, why: str
) -> None:
    """Inside the 7-day window, but Zalo refuses the person (docs/zalo.md):
    not a window to wait for, not retried; the officer is unreachable and the
    unit's admin hears of it."""
    assert bot.rt is not None and bot.router is not None
    clock.set(REMINDER_DAY - dt.timedelta(hours=20))
    await register(fake, bot.codes["SNV"])  # type: ignore[attr-defined]
    telegram = await _admin_on_telegram(bot, clock)
    fake.gone[USER] = (code, why)
    clock.set(REMINDER_DAY)
    await _tick(bot)
    [row] = await _rows(bot)
    assert row.status == "failed" and f"error {code}" in row.error
    assert fake.refused_sends == [(USER, code)]  # tried once, not retried
    async with bot.rt.begin() as conn:
        unreachable = (await conn.execute(sa.select(identities.c.unreachable_at))).scalar_one()
    assert unreachable is not None
    await _tick(bot)
    assert fake.refused_sends == [(USER, code)] and [r.status for r in await _rows(bot)] == ["failed"]
    assert any("Nguyễn Văn An" in s.text for s in telegram.sent)  # the admin is told who cannot be reached


async def test_a_spent_quota_pauses_reminders_and_tells_the_admins_once(
    bot: OABot, fake: FakeOA, clock: FakeClock
) -> None:
    assert bot.rt is not None and bot.router is not None
    clock.set(REMINDER_DAY - dt.timedelta(days=3))  # beyond the free 48 h: the send draws on the quota
    await register(fake, bot.codes["SNV"])  # type: ignore[attr-defined]
    telegram = await _admin_on_telegram(bot, clock)
    fake.quota = 0
    clock.set(REMINDER_DAY)
    await _tick(bot)
    [row] = await _rows(bot)
    assert row.status == "pending" and row.next_attempt_at >= dt.datetime(2025, 5, 31, 17, 0, tzinfo=dt.UTC)
    quota_notes = [s for s in telegram.sent if "hết hạn mức" in s.text]
    assert len(quota_notes) == 1 and "01/06/2025 00:00" in quota_notes[0].text
    clock.advance(hours=2)
    await _tick(bot)
    assert len([s for s in telegram.sent if "hết hạn mức" in s.text]) == 1  # told once
    async with bot.rt.begin() as conn:
        token_row = await store.read(conn, APP_ID)
    assert token_row is not None and token_row.quota_until == dt.datetime(2025, 5, 31, 17, 0, tzinfo=dt.UTC)


async def test_follow_greets_unfollow_marks_unreachable_sticker_is_answered(
    bot: OABot, fake: FakeOA
) -> None:
    assert await fake.deliver(fake.event("new-follower", "follow")) == 200
    [greeting] = await fake.wait_sent("new-follower", 1)
    assert "mã mời" in greeting and "/start" in greeting

    await register(fake, bot.codes["SNV"])  # type: ignore[attr-defined]
    before = len(fake.texts(USER))
    sticker = [{"type": "sticker", "payload": {"id": "st-1", "url": "https://zalo.example/st-1.png"}}]
    assert await fake.deliver(fake.event(USER, "user_send_sticker", attachments=sticker)) == 200
    [answer] = (await fake.wait_sent(USER, before + 1))[before:]
    assert "nhãn dán" in answer

    assert await fake.deliver(fake.event(USER, "unfollow")) == 200
    assert bot.adapter is not None and bot.rt is not None
    await bot.adapter.join()
    async with bot.rt.begin() as conn:
        reason = (await conn.execute(sa.select(identities.c.unreachable_reason)
                                     .where(identities.c.channel == "zalo_oa"))).scalar_one()
        [outside] = await store.officers_outside(conn, bot.clock.now() - dt.timedelta(days=7))
    assert reason == "unfollowed the Official Account" and outside.followed is False


async def test_a_quiet_oa_keeps_its_tokens_fresh_without_any_message(
    tmp_path: Path, fake: FakeOA, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody writes and nothing is due for a season: the refresh token (single
    use, about three months) must not die of age. The adapter looks every
    ``refresh_every`` seconds; the keeper refreshes 2 h before the access
    token's expiry, and only then."""
    monkeypatch.setattr(ZaloOAAdapter, "refresh_every", 0.02)
    settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize())
    await seeded(settings)
    bot = OABot(settings, clock, fake)
    await bot.start()
    try:
        assert bot.rt is not None
        await _until(lambda: fake.refreshes == 1)  # the seeded token spent at start, not at a first send
        for day in range(1, 120):  # four months, a look a day at the hour before the pair expires
            clock.set(local(2025, 5, 2, 9, 0) + dt.timedelta(seconds=fake.access_lifetime * day - 3600))
            await _until(lambda d=day: fake.refreshes == d + 1, f"day {day}: {fake.refreshes}")  # type: ignore[misc]
        await asyncio.sleep(0.1)  # more looks at the same hour refresh nothing
        assert fake.refreshes == 120 and fake.refused_refreshes == 0 and fake.sent == []
        async with bot.rt.begin() as conn:
            row = await store.read(conn, APP_ID)
        assert row is not None and row.refresh_token in fake.refresh_tokens and row.lost_at is None
    finally:
        await bot.stop()


async def _until(done: Callable[[], bool], what: str = "", within: float = 10.0) -> None:
    for _ in range(int(within / 0.01)):
        if done():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the refresher did not get there {what}")
