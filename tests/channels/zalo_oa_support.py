"""Helpers for the Zalo OA tests: ``dvbot run`` (``serve_async``) against the
fake OA platform, and a one-process harness with a FakeClock for the tests
that travel in time (windows, expiry)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from bot.channels.zalo_oa.adapter import ZaloOAAdapter
from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell import zalo_oa as wiring
from bot.shell.channels import install
from bot.shell.serve import hooks_for, serve_async
from handlers.router import Router
from tests.conftest import seed
from tests.fakes.zalo_oa_api import APP_ID, APP_SECRET, OA_SECRET, FakeOA, free_port, running

USER = "4815162342108"  # an OA follower id (numeric strings on Zalo)
REGISTER = ["1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678"]


def oa_settings(db: Path, fake: FakeOA, port: int, first_token: str | None, **kw: Any) -> Settings:
    values: dict[str, Any] = dict(
        database_url=f"sqlite+aiosqlite:///{db}", reminder_tick_seconds=3600,
        webhook_url="https://dvbot.example.gov.vn", webhook_listen="127.0.0.1", webhook_port=port,
        zalo_oa_app_id=APP_ID, zalo_oa_secret_key=SecretStr(APP_SECRET),
        zalo_oa_webhook_secret=SecretStr(OA_SECRET), zalo_oa_api_base=fake.base_url,
        zalo_oa_oauth_base=fake.base_url, _env_file=None,
    )
    if first_token is not None:
        values["zalo_oa_refresh_token"] = SecretStr(first_token)
    values.update(kw)
    return Settings(**values)


async def seeded(settings: Settings) -> dict[str, str]:
    rt = await Runtime.open(settings)
    try:
        return await seed(rt)
    finally:
        await rt.close()


async def healthy(url: str, within: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    async with httpx.AsyncClient(timeout=2) as http:
        while True:
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if loop.time() > deadline:
                raise AssertionError(f"{url} never answered")
            await asyncio.sleep(0.05)


@asynccontextmanager
async def dvbot_run(settings: Settings, fake: FakeOA) -> AsyncIterator[asyncio.Task[None]]:
    """``dvbot run`` in this event loop, its webhook at ``fake.bot_url``."""
    fake.bot_url = f"http://127.0.0.1:{settings.webhook_port}/zalo-oa"
    stop = asyncio.Event()
    task = asyncio.create_task(serve_async(settings, stop))
    try:
        await healthy(f"http://127.0.0.1:{settings.webhook_port}/healthz")
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def register(fake: FakeOA, code: str, user: str = USER) -> str:
    reply = await fake.say(user, f"/start {code}")
    for typed in REGISTER:
        reply = await fake.say(user, typed)
    return reply


class OABot:
    """One bot process with a FakeClock: runtime, router, the OA adapter as
    the composition root wires it, and its webhook behind uvicorn."""

    def __init__(self, settings: Settings, clock: FakeClock, fake: FakeOA) -> None:
        self.settings, self.clock, self.fake = settings, clock, fake
        self.stack = AsyncExitStack()
        self.rt: Runtime | None = None
        self.router: Router | None = None
        self.adapter: ZaloOAAdapter | None = None

    async def start(self) -> OABot:
        install(self.settings)
        self.rt = rt = await Runtime.open(self.settings, self.clock)
        self.stack.push_async_callback(rt.close)
        self.router = router = Router(rt)
        hooks = hooks_for(rt, Channel.ZALO_OA, router)
        self.adapter = wiring.adapter(self.settings, router.handle, rt, router.senders, hooks.on_unreachable)
        router.senders[Channel.ZALO_OA] = self.adapter
        router.outbox.channels.add(Channel.ZALO_OA)  # durable replies, as dvbot run makes them
        await self.adapter.start()
        self.stack.push_async_callback(self.adapter.stop)
        from bot.shell.webhook import create_app
        from tests.channels.zalo_support import serve

        url = await self.stack.enter_async_context(serve(create_app(self.adapter.routes())))
        self.fake.bot_url = f"{url}/zalo-oa"
        return self

    async def stop(self) -> None:
        await self.stack.aclose()


@asynccontextmanager
async def fake_oa(**kw: Any) -> AsyncIterator[FakeOA]:
    async with running(FakeOA(**kw)) as fake:
        yield fake


@pytest.fixture(name="fake")
async def clocked_fake(clock: FakeClock) -> AsyncIterator[FakeOA]:
    """The fake OA on the test's ``clock`` fixture (each module sets its date)."""
    async with fake_oa(now=lambda: clock.now().timestamp()) as server:
        yield server


@pytest.fixture(name="bot")
async def seeded_bot(tmp_path: Path, fake: FakeOA, clock: FakeClock) -> AsyncIterator[OABot]:
    """A seeded OA bot on ``clock``, started; its invite codes in ``bot.codes``."""
    settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize())
    bot = OABot(settings, clock, fake)
    bot.codes = await seeded(settings)  # type: ignore[attr-defined]
    await bot.start()
    yield bot
    await bot.stop()


__all__ = ["USER", "FakeOA", "OABot", "dvbot_run", "fake_oa", "free_port", "oa_settings", "register", "seeded"]
