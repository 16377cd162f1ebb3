"""Telegram end to end: ``dvbot run`` against a bare python-telegram-bot echo
bot on one fake Bot API server (``tests/fakes/telegram_api.py``, unchanged; a
subclass only hears each send), in the same run, one after the other.

20 officers write in a closed loop (``channel_race``). Uncapped
(``DVBOT_TELEGRAM_MAX_RATE=0``, the echo bot without a limiter): 50 messages
each, dvbot's officers answering the 6-month report question by question
(typing), the echo bot's just writing. Capped at Telegram's 30 messages a
second (both with PTB's ``AIORateLimiter``): 15 each; the sends per second and
the 1-second windows over the cap are read from the fake's receive times.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.channel_race import (
    WAIT,
    Echo,
    Race,
    Row,
    Waiters,
    asked,
    cap_rows,
    dvbot,
    race,
    rows,
    seeded,
    typed_answer,
)
from bot.core.messages import Channel
from tests.fakes.telegram_api import FakeTelegram, FakeUser

OFFICERS = 20
UNCAPPED = 50  # messages per officer: 1,000
CAPPED = 15  # 300 at 30/s: about 10 s a bot
CAP = 30
SENDS = ("sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup")


class HeardTelegram(FakeTelegram):
    """The fake Bot API, unchanged, telling the officers what it received."""

    def __init__(self) -> None:
        super().__init__()
        self.waiters = Waiters()

    def _send(self, p: dict[str, Any], **content: Any) -> dict[str, Any]:
        message = super()._send(p, **content)
        self.waiters.seen(str(message["chat"]["id"]), message)
        return message

    def send_times(self, since: float) -> list[float]:
        return [r.at for r in self.requests if r.method in SENDS and r.at >= since]

    def forget_updates(self) -> None:
        self.updates.clear()


def _users() -> list[FakeUser]:
    return [FakeUser(id=7_000_001 + n, first_name=f"Cán bộ {n}") for n in range(OFFICERS)]


def _numbered(message: dict[str, Any]) -> bool:
    rows_ = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return any(not b.get("callback_data", "/").startswith("/") for row in rows_ for b in row)


async def _echo_race(fake: HeardTelegram, users: list[FakeUser], each: int) -> Race:
    async def officer(n: int, result: Race) -> None:
        user = users[n]
        for i in range(each):
            text = f"xin chào {i}"
            waiting = fake.waiters.expect(str(user.id), lambda m, text=text: m.get("text") == text)
            pushed = time.monotonic()
            await fake.say(user, text)
            _message, at = await asyncio.wait_for(waiting, 30)
            result.latencies.append(at - pushed)

    return await race(len(users), officer)


async def _dvbot_race(fake: HeardTelegram, users: list[FakeUser], each: int, first: dict[str, str]) -> Race:
    async def officer(n: int, result: Race) -> None:
        user = users[n]
        text, numbered = first[str(user.id)], True
        for turn in range(each):
            waiting = fake.waiters.expect(str(user.id), lambda m: asked(m.get("text") or ""))
            pushed = time.monotonic()
            await fake.say(user, typed_answer(text, numbered, turn) if "❓" in text or "❔" in text else "/xemlai")
            try:
                message, at = await asyncio.wait_for(waiting, WAIT)
            except TimeoutError:  # lost: counted, and the officer asks where they are (/xemlai)
                result.lost += 1
                text = ""
                continue
            result.latencies.append(at - pushed)
            text, numbered = message.get("text") or "", _numbered(message)

    return await race(len(users), officer)


async def _dvbot(fake: HeardTelegram, users: list[FakeUser], each: int, max_rate: int) -> tuple[Race, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        first = await seeded(url, Channel.TELEGRAM, [str(u.id) for u in users])
        bot = dvbot(Path(tmp), url, {"DVBOT_TELEGRAM_TOKEN": fake.token, "DVBOT_TELEGRAM_API_BASE": fake.base,
                                     "DVBOT_TELEGRAM_MAX_RATE": str(max_rate)})
        await bot.start()
        fake.forget_updates()
        since = time.monotonic()
        try:
            run = await _dvbot_race(fake, users, each, first)
        finally:
            await bot.stop()
        return run, fake.send_times(since)


async def _echo(fake: HeardTelegram, users: list[FakeUser], each: int, max_rate: int) -> tuple[Race, list[float]]:
    bot = await Echo("telegram", fake.base, fake.token, str(max_rate)).start()
    fake.forget_updates()
    since = time.monotonic()
    try:
        run = await _echo_race(fake, users, each)
    finally:
        await bot.stop()
    return run, fake.send_times(since)


async def _run() -> list[Row]:
    fake = await HeardTelegram().start()
    users = _users()
    for user in users:
        fake._chat(user, None)  # the private chats exist before anyone writes
    try:
        echo, _ = await _echo(fake, users, UNCAPPED, 0)
        mine, _ = await _dvbot(fake, users, UNCAPPED, 0)
        out = rows("telegram", echo, mine)
        echo_capped, echo_sends = await _echo(fake, users, CAPPED, CAP)
        mine_capped, mine_sends = await _dvbot(fake, users, CAPPED, CAP)
        out += cap_rows("telegram", "echo", echo_capped, echo_sends, CAP)
        out += cap_rows("telegram", "dvbot", mine_capped, mine_sends, CAP)
        invalid = [f"{r.method}: {r.errors}" for r in fake.invalid]
        out.append(("telegram: invalid Bot API requests", len(invalid), "count", "0"))
        return out
    finally:
        await fake.stop()


def run() -> list[Row]:
    return asyncio.run(_run())
