"""The Zalo Bot Platform and the Zalo OA end to end: ``dvbot run`` against a
bare echo bot written with httpx (``benchmarks/echo_bots.py``) on the same fake
server (``tests/fakes/zalo_api.py``, ``zalo_oa_api.py``, unchanged; a subclass
only hears each send), in the same run, one after the other.

20 officers in a closed loop (``channel_race``), 25 messages each. The Bot
Platform's ``getUpdates`` hands out one update a call, to both bots alike.
Uncapped: ``DVBOT_ZALO_RATE_PER_SECOND=1000`` (the setting must be above 0);
capped: dvbot at its default 5 messages a second, 3 messages each, its sends
per second and 1-s windows over the cap read from the fake's receive times.
The OA's replies have no send cap in the adapter (the platform meters them
by quota, not by rate), so it is measured uncapped only; its echo bot answers
the webhook 200 and then sends, as the adapter does, without checking the
signature or refreshing a token (the minimal client of that API).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse

from benchmarks.channel_race import (
    Echo,
    Race,
    Ready,
    Row,
    Say,
    Waiters,
    cap_rows,
    dvbot_running,
    officers_race,
    pid_of,
    rows,
)
from bot.core.messages import Channel
from tests.channels.zalo_oa_support import healthy
from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_oa_api import APP_ID, APP_SECRET, DAY, OA_SECRET, FakeOA, free_port, running

OFFICERS = 20
EACH = 25  # 500 messages a bot
CAPPED = 3  # 60 at 5/s: about 12 s
CAP = 5
OFFICERS_MAX = 100  # kept-alive connections of the webhook client: one per officer of any bench


class HeardZalo(FakeZaloApi):
    """The fake Bot Platform, unchanged, telling the officers what it received."""

    def __init__(self) -> None:
        super().__init__()
        self.waiters = Waiters()
        self.sent_at: list[float] = []

    def _record(self, method: str, body: dict[str, Any], text: str) -> tuple[int, dict[str, Any]]:
        answer = super()._record(method, body, text)
        self.sent_at.append(time.monotonic())
        self.waiters.seen(str(body["chat_id"]), text)
        return answer


class HeardOA(FakeOA):
    """The fake OA platform, unchanged, telling the officers what it received,
    and delivering every webhook through one HTTP client kept open (the
    fake's own ``_post`` opens a client a delivery, as a test may: that is
    about 30 ms of CPU each, more than the bot's whole answer, spent by the
    process that also plays the officers)."""

    def __init__(self) -> None:
        super().__init__()
        self.waiters = Waiters()
        self._http: httpx.AsyncClient | None = None

    async def _post(self, raw: bytes, headers: dict[str, str]) -> int:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_keepalive_connections=OFFICERS_MAX))
        response = await self._http.post(self.bot_url, content=raw, headers=headers)
        self.deliveries.append(response.status_code)
        return response.status_code

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def _send(self, request: Request) -> JSONResponse:
        before = len(self.sent)
        answer = await super()._send(request)
        if len(self.sent) > before:
            self.waiters.seen(self.sent[-1].user_id, self.sent[-1].text)
        return answer


@asynccontextmanager
async def heard_oa() -> AsyncIterator[HeardOA]:
    """A :class:`HeardOA` serving on 127.0.0.1, its webhook client closed after."""
    fake = HeardOA()
    async with running(fake):
        try:
            yield fake
        finally:
            await fake.aclose()


def oa_env(fake: FakeOA, port: int) -> dict[str, str]:
    """``dvbot run``'s environment for the fake OA, its webhook on ``port``."""
    return {
        "DVBOT_ZALO_OA_APP_ID": APP_ID, "DVBOT_ZALO_OA_SECRET_KEY": APP_SECRET,
        "DVBOT_ZALO_OA_WEBHOOK_SECRET": OA_SECRET, "DVBOT_ZALO_OA_REFRESH_TOKEN": fake.authorize(),
        "DVBOT_ZALO_OA_API_BASE": fake.base_url, "DVBOT_ZALO_OA_OAUTH_BASE": fake.base_url,
        "DVBOT_WEBHOOK_URL": "https://dvbot.example.gov.vn", "DVBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "DVBOT_WEBHOOK_PORT": str(port),
    }


async def _dvbot(env: dict[str, str], channel: Channel, chats: list[str], each: int,
                 waiters: Waiters, say: Say, ready: Ready | None = None) -> Race:
    async with dvbot_running(channel, chats, env, ready) as (bot, first):
        return await officers_race(waiters, say, chats, each, first, pid=pid_of(bot))


async def _zalo() -> list[Row]:
    fake = await HeardZalo().start()
    chats = [f"e4ea2cd5189df1c3{n:04x}" for n in range(OFFICERS)]

    async def say(chat: str, text: str) -> None:
        fake.user_text(chat, text)

    env = {"DVBOT_ZALO_TOKEN": fake.token, "DVBOT_ZALO_API_BASE": fake.base_url}
    try:
        async with Echo("zalo", fake.base_url, fake.token) as echo_bot:
            echo = await officers_race(fake.waiters, say, chats, EACH, None, pid=pid_of(echo_bot))
        mine = await _dvbot({**env, "DVBOT_ZALO_RATE_PER_SECOND": "1000"}, Channel.ZALO, chats, EACH, fake.waiters, say)
        out = rows("zalo", echo, mine)
        since = time.monotonic()
        capped = await _dvbot({**env, "DVBOT_ZALO_RATE_PER_SECOND": str(CAP)}, Channel.ZALO, chats, CAPPED, fake.waiters, say)
        out += cap_rows("zalo", "dvbot", capped, [t for t in fake.sent_at if t >= since], CAP)
        return out
    finally:
        await fake.stop()


async def _oa() -> list[Row]:
    async with heard_oa() as fake:
        users = [str(4815162342200 + n) for n in range(OFFICERS)]

        async def say(user: str, text: str) -> None:
            assert await fake.deliver(fake.event(user, text=text)) == 200

        fake.access_tokens["at-bench-echo"] = fake.now() + DAY
        port = free_port()
        fake.bot_url = f"http://127.0.0.1:{port}/zalo-oa"
        async with Echo("zalo-oa", str(port), env={"DVBOT_ECHO_OA_API": fake.base_url,
                                                    "DVBOT_ECHO_OA_TOKEN": "at-bench-echo"}) as echo_bot:
            echo = await officers_race(fake.waiters, say, users, EACH, None, pid=pid_of(echo_bot))
        port = free_port()
        fake.bot_url = f"http://127.0.0.1:{port}/zalo-oa"
        env = oa_env(fake, port)
        mine = await _dvbot(env, Channel.ZALO_OA, users, EACH, fake.waiters, say,
                            ready=lambda: healthy(f"http://127.0.0.1:{port}/healthz"))
        return rows("zalo-oa", echo, mine)


def run() -> list[Row]:
    return asyncio.run(_zalo()) + asyncio.run(_oa())
