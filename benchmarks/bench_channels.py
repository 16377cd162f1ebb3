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
import time
from typing import Any

from benchmarks.channel_race import (
    Echo,
    Race,
    Row,
    Waiters,
    cap_rows,
    dvbot_running,
    officers_race,
    pid_of,
    rows,
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


def _text(message: Any) -> str:
    """A sent message's text (the seeded first question is already one)."""
    return message if isinstance(message, str) else message.get("text") or ""


def _numbered(message: Any) -> bool:
    """Options as buttons the officer types the number of (the seeded first question has them)."""
    if isinstance(message, str):
        return True
    rows_ = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return any(not b.get("callback_data", "/").startswith("/") for row in rows_ for b in row)


async def _race(fake: HeardTelegram, users: list[FakeUser], each: int, first: dict[str, Any] | None,
                pid: int) -> Race:
    by_id = {str(u.id): u for u in users}

    async def say(chat: str, text: str) -> None:
        await fake.say(by_id[chat], text)

    return await officers_race(fake.waiters, say, list(by_id), each, first, text_of=_text, numbered=_numbered, pid=pid)


async def _dvbot(fake: HeardTelegram, users: list[FakeUser], each: int, max_rate: int) -> tuple[Race, list[float]]:
    env = {"DVBOT_TELEGRAM_TOKEN": fake.token, "DVBOT_TELEGRAM_API_BASE": fake.base,
           "DVBOT_TELEGRAM_MAX_RATE": str(max_rate)}
    async with dvbot_running(Channel.TELEGRAM, [str(u.id) for u in users], env) as (bot, first):
        fake.forget_updates()
        since = time.monotonic()
        run = await _race(fake, users, each, first, pid_of(bot))
    return run, fake.send_times(since)


async def _echo(fake: HeardTelegram, users: list[FakeUser], each: int, max_rate: int) -> tuple[Race, list[float]]:
    async with Echo("telegram", fake.base, fake.token, str(max_rate)) as bot:
        fake.forget_updates()
        since = time.monotonic()
        run = await _race(fake, users, each, None, pid_of(bot))
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
