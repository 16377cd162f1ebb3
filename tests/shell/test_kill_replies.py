"""A real SIGKILL of ``dvbot run`` between storing an answer and sending its
reply (issue 11), on Telegram, the Zalo Bot Platform and the Zalo Official
Account (webhook-driven: the process is killed while handling a signed
delivery it has already answered 200), each against its fake server: after the restart the reply is delivered before anything newer,
the officer's resend of the same answer is recognised (nothing stored on the
question they had not seen), and the conversation goes on in order. A kill
right after a send and before its mark repeats that reply once, counted.

The kill points are ``DVBOT_TEST_KILL_AT`` (bot/core/delivery.py), read from
the environment the test gives the process; seeding and reading the database
happen in the test, on the same SQLite file.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.domain.replies import Status, StoredReply
from bot.services.runtime import Runtime
from handlers.router import Router
from locales import t
from storage import replies as reply_store
from storage import submissions as sub_store
from storage.schema import submissions
from tests.channels.zalo_oa_support import fake_oa, healthy
from tests.conftest import Chat, register, seed
from tests.fakes.telegram_api import FakeTelegram, FakeUser
from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_oa_api import APP_ID, APP_SECRET, OA_SECRET, FakeOA, free_port
from tests.support.live import LiveBot

AN = FakeUser(7001, "An", "vi")
ZALO_CHAT = "e4ea2cd5189df1c3a88c"
OA_USER = "4815162342108"
Q2 = "Số hội nghị"  # the second question of the 6-month round
FIRST = {"quan-triet.trien-khai": "da"}


def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/dvbot.sqlite3"


async def seeded(tmp_path: Path, channel: Channel, user: str) -> None:
    """An officer of SNV registered on ``channel``, at question 1 of the 6-month round."""
    rt = await Runtime.open(Settings(database_url=db_url(tmp_path), _env_file=None))  # type: ignore[call-arg]
    try:
        codes = await seed(rt)
        chat = Chat(Router(rt), user, channel)
        await register(chat, codes["SNV"])
        assert "Câu 1/" in await chat.say("/baocao 6-thang")
    finally:
        await rt.close()


async def stored(tmp_path: Path, channel: Channel, user: str) -> tuple[dict[str, object], list[StoredReply]]:
    """The officer's answers and the chat's replies, read from the file."""
    rt = await Runtime.open(Settings(database_url=db_url(tmp_path), _env_file=None), migrate_db=False)  # type: ignore[call-arg]
    try:
        async with rt.begin() as conn:
            row = (await conn.execute(sa.select(submissions))).one()
            return await sub_store.load_answers(conn, row.id), await reply_store.of_chat(conn, str(channel), user)
    finally:
        await rt.close()


async def all_sent(tmp_path: Path, platform: Platform, within: float = 30.0) -> list[StoredReply]:
    """The chat's replies once every one is marked sent (the mark follows the send)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        _answers, replies = await stored(tmp_path, platform.channel, platform.user)
        if all(r.status == Status.SENT for r in replies):
            return replies
        assert asyncio.get_running_loop().time() < deadline, [(r.id, r.status) for r in replies]
        await asyncio.sleep(0.05)


def ordered(texts: list[str], *needles: str) -> bool:
    """Each needle appears, in this order (other messages, e.g. reminders, may be between)."""
    at = 0
    for needle in needles:
        found = next((i for i in range(at, len(texts)) if needle in texts[i]), None)
        if found is None:
            return False
        at = found + 1
    return True


def count(texts: list[str], needle: str) -> int:
    return sum(needle in x for x in texts)


class Platform:
    """One platform's side of a test: what the officer says, what they see."""

    def __init__(self, channel: Channel, user: str, env: dict[str, str],
                 say: Callable[[str], Awaitable[object]], texts: Callable[[], list[str]]) -> None:
        self.channel, self.user, self.env, self.say, self.texts = channel, user, env, say, texts


def telegram(fake: FakeTelegram) -> Platform:
    env = {"DVBOT_TELEGRAM_TOKEN": fake.token, "DVBOT_TELEGRAM_API_BASE": fake.base}
    return Platform(Channel.TELEGRAM, str(AN.id), env, lambda text: fake.say(AN, text), lambda: fake.texts(AN.id))


def zalo(fake: FakeZaloApi) -> Platform:
    async def say(text: str) -> str:
        return fake.user_text(ZALO_CHAT, text)

    env = {"DVBOT_ZALO_TOKEN": fake.token, "DVBOT_ZALO_API_BASE": fake.base_url}
    return Platform(Channel.ZALO, ZALO_CHAT, env, say, lambda: fake.sent(ZALO_CHAT))


def zalo_oa(fake: FakeOA) -> Platform:
    """The OA posts signed deliveries to the process's webhook; the refresh
    token seeds the database at the first start (later starts keep theirs)."""
    port = free_port()
    fake.bot_url = f"http://127.0.0.1:{port}/zalo-oa"

    async def say(text: str) -> int:
        await healthy(f"http://127.0.0.1:{port}/healthz")  # the channel starts before the server listens
        status = await fake.deliver(fake.event(OA_USER, text=text))
        assert status == 200, status  # answered before it is handled
        return status

    env = {
        "DVBOT_ZALO_OA_APP_ID": APP_ID, "DVBOT_ZALO_OA_SECRET_KEY": APP_SECRET,
        "DVBOT_ZALO_OA_WEBHOOK_SECRET": OA_SECRET, "DVBOT_ZALO_OA_REFRESH_TOKEN": fake.authorize(),
        "DVBOT_ZALO_OA_API_BASE": fake.base_url, "DVBOT_ZALO_OA_OAUTH_BASE": fake.base_url,
        "DVBOT_WEBHOOK_URL": "https://dvbot.example.gov.vn", "DVBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "DVBOT_WEBHOOK_PORT": str(port),
    }
    return Platform(Channel.ZALO_OA, OA_USER, env, say, lambda: fake.texts(OA_USER))


@pytest.fixture(params=["telegram", "zalo", "zalo_oa"])
async def platform(request: pytest.FixtureRequest) -> AsyncIterator[Platform]:
    """One platform's fake, started for the test (only that one)."""
    if request.param == "telegram":
        fake = await FakeTelegram().start()
        try:
            yield telegram(fake)
        finally:
            await fake.stop()
    elif request.param == "zalo":
        async with FakeZaloApi() as zfake:
            yield zalo(zfake)
    else:
        async with fake_oa() as ofake:
            yield zalo_oa(ofake)


def live(tmp_path: Path, platform: Platform, lease: int) -> LiveBot:
    return LiveBot(tmp_path, {
        **platform.env, "DVBOT_DATABASE_URL": db_url(tmp_path), "DVBOT_REPLY_LEASE_SECONDS": str(lease),
        "DVBOT_REMINDER_TICK_SECONDS": "3600",
    })


async def killed_after_the_commit(tmp_path: Path, platform: Platform, lease: int) -> LiveBot:
    """The officer answers question 1; the process dies after storing it, before the reply."""
    await seeded(tmp_path, platform.channel, platform.user)
    bot = live(tmp_path, platform, lease)
    await bot.start(DVBOT_TEST_KILL_AT="after-commit:1")
    await platform.say("1")
    assert await bot.died() == -9, bot.log()
    answers, replies = await stored(tmp_path, platform.channel, platform.user)
    assert answers == FIRST
    assert replies[-1].status == Status.CLAIMED and Q2 in replies[-1].body["text"]
    assert count(platform.texts(), Q2) == 0  # the officer saw nothing
    return bot


async def test_the_resend_after_a_kill_gets_the_missing_reply_and_is_not_stored(
    tmp_path: Path, platform: Platform
) -> None:
    bot = await killed_after_the_commit(tmp_path, platform, lease=60)  # the dead claim holds: the officer is first
    await bot.start()
    try:
        await platform.say("1")  # the officer, who saw nothing, sends the answer again
        resend = t("common.resend", text="1")
        await bot.until(lambda: count(platform.texts(), resend) == 1)
        assert ordered(platform.texts(), t("common.redelivered"), Q2, resend)
        answers, _ = await stored(tmp_path, platform.channel, platform.user)
        assert answers == FIRST  # question 2, never seen, is untouched
        await platform.say("7")
        saved = t("report.saved", value="7")
        await bot.until(lambda: count(platform.texts(), saved) == 1)
        assert ordered(platform.texts(), Q2, resend, saved)
        answers, _ = await stored(tmp_path, platform.channel, platform.user)
        assert answers == {**FIRST, "quan-triet.so-hoi-nghi": 7}
        replies = await all_sent(tmp_path, platform)
        assert sum(r.repeats for r in replies) == 0  # killed before the send: nothing repeated
    finally:
        await bot.stop()


async def test_after_a_kill_the_restarted_bot_delivers_the_reply_by_itself(
    tmp_path: Path, platform: Platform
) -> None:
    bot = await killed_after_the_commit(tmp_path, platform, lease=1)
    await bot.start()
    try:
        await bot.until(lambda: count(platform.texts(), Q2) == 1)  # the dead claim lapsed: sent again
        assert ordered(platform.texts(), t("common.redelivered"), Q2)
        await platform.say("1")  # sent before reading it: still a resend
        resend = t("common.resend", text="1")
        await bot.until(lambda: count(platform.texts(), resend) == 1)
        answers, replies = await stored(tmp_path, platform.channel, platform.user)
        assert answers == FIRST
        assert sum(r.repeats for r in replies) == 0 and count(platform.texts(), Q2) == 1
    finally:
        await bot.stop()


async def test_a_kill_between_the_send_and_its_mark_repeats_it_once_counted(
    tmp_path: Path, platform: Platform
) -> None:
    await seeded(tmp_path, platform.channel, platform.user)
    bot = live(tmp_path, platform, lease=1)
    await bot.start(DVBOT_TEST_KILL_AT="after-send:1")
    await platform.say("1")
    assert await bot.died() == -9, bot.log()
    assert count(platform.texts(), Q2) == 1  # it arrived; its mark did not
    await bot.start()
    try:
        await bot.until(lambda: count(platform.texts(), Q2) == 2)  # at least once: repeated
        replies = await all_sent(tmp_path, platform)
        assert replies[-1].repeats == 1 and replies[-1].attempts == 2  # the repeat is counted
        assert (await stored(tmp_path, platform.channel, platform.user))[0] == FIRST
    finally:
        await bot.stop()
