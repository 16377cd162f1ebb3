"""Shared helpers for the Zalo channel tests (not fixtures, so that other
test packages' conftest files stay untouched)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn
from starlette.applications import Starlette

from bot.channels.zalo.adapter import OnUnreachable, ZaloAdapter
from bot.channels.zalo.client import ZaloClient
from bot.core.clock import FakeClock
from bot.core.messages import Channel, Incoming, Outgoing
from bot.core.ports import Handler
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.services.usage import ZaloUsage
from bot.shell.webhook import create_app
from handlers.router import Router
from storage import officers as officer_store
from storage import submissions as sub_store
from storage.schema import submissions
from tests.fakes.zalo_api import FakeZaloApi
from tests.support.reminders import FakeSender

# Fixtures shared by the Zalo test modules (imported by them, as the Telegram
# tests do, rather than a conftest that the Telegram tests would also see).


@pytest.fixture
async def fake() -> AsyncIterator[FakeZaloApi]:
    """The fake Zalo Bot API on 127.0.0.1."""
    async with FakeZaloApi() as server:
        yield server

SECRET = "webhook-secret-0123456789"


def client_for(fake: FakeZaloApi, token: str | None = None) -> ZaloClient:
    return ZaloClient(token or fake.token, fake.base_url, timeout=5.0, retries=2, backoff=0.01)


def adapter_for(
    fake: FakeZaloApi,
    handler: Handler,
    *,
    unreachable: list[tuple[Channel, str, str]] | None = None,
    on_unreachable: OnUnreachable | None = None,
    **kw: Any,
) -> ZaloAdapter:
    async def record(channel: Channel, chat_id: str, reason: str) -> None:
        if unreachable is not None:
            unreachable.append((channel, chat_id, reason))

    kw.setdefault("poll_timeout", 1)
    kw.setdefault("rate_per_second", 1000.0)
    return ZaloAdapter(client_for(fake), handler, on_unreachable=on_unreachable or record, **kw)


class Recorder:
    """A stub router: records what came in and answers with ``reply(incoming)``."""

    def __init__(self, reply: Callable[[Incoming], list[Outgoing]] | None = None) -> None:
        self.seen: list[Incoming] = []
        self.reply = reply or (lambda m: [Outgoing(f"echo: {m.text}")])
        self.delay = 0.0

    async def __call__(self, incoming: Incoming) -> list[Outgoing]:
        self.seen.append(incoming)
        if self.delay:
            await asyncio.sleep(self.delay)
        return self.reply(incoming)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in this event loop; yields its URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def eventually(check: Callable[[], bool | Awaitable[bool]], within: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


CHAT = "e4ea2cd5189df1c3a88c"  # Zalo chat ids are opaque hex strings


class Bot:
    """One bot process: runtime + router + Zalo adapter (+ webhook server)."""

    def __init__(
        self, settings: Settings, clock: FakeClock, fake: FakeZaloApi, mode: str, **adapter_kw: Any
    ) -> None:
        self.settings, self.clock, self.fake, self.mode = settings, clock, fake, mode
        self.adapter_kw = adapter_kw
        self.stack = AsyncExitStack()
        self.unreachable: list[str] = []
        self.rt: Runtime | None = None
        self.router: Router | None = None
        self.adapter: ZaloAdapter | None = None
        self.router: Router | None = None
        self.codes: dict[str, str] = {}  # invite codes, when a test seeded them
        self.meter: ZaloUsage | None = None
        # Admins on Telegram hear of the quota here (Zalo admins through the fake).
        self.telegram = FakeSender(Channel.TELEGRAM, clock)

    async def start(self) -> Bot:
        self.rt = rt = await Runtime.open(self.settings, self.clock)
        self.stack.push_async_callback(rt.close)

        async def on_unreachable(channel: Channel, chat_id: str, reason: str) -> None:
            # What the composition root wires: record it against the identity.
            self.unreachable.append(chat_id)
            async with rt.begin() as conn:
                await officer_store.mark_unreachable(conn, channel.value, chat_id, reason, rt.clock.now())

        webhook = self.mode == "webhook"
        # As ``dvbot run`` wires it: durable replies, the adapter as the sender, the quota meter.
        self.router = router = Router(rt, durable={Channel.ZALO})
        self.meter = ZaloUsage(rt, router.deliver)
        self.adapter = adapter_for(
            self.fake, router.handle, on_unreachable=on_unreachable, meter=self.meter, now=rt.clock.now,
            use_webhook=webhook, webhook_secret=SECRET if webhook else None, **self.adapter_kw,
        )
        router.senders.update({Channel.ZALO: self.adapter, Channel.TELEGRAM: self.telegram})
        await self.adapter.start()
        self.stack.push_async_callback(self.adapter.stop)
        if webhook:
            url = await self.stack.enter_async_context(serve(create_app(self.adapter.routes())))
            client = client_for(self.fake)
            await client.set_webhook(f"{url}/zalo", SECRET)
            await client.aclose()
        return self

    async def stop(self) -> None:
        await self.stack.aclose()

    async def say(self, text: str | None = None, *, photo: str | None = None) -> str:
        """What the officer types (or a photo); the bot's answer, parts joined."""
        assert self.adapter is not None
        before = len(self.fake.sent(CHAT))
        if photo:
            self.fake.user_photo(CHAT, photo, caption="Hội nghị quán triệt")
        else:
            self.fake.user_text(CHAT, text or "")
        await self.fake.wait_sent(CHAT, before + 1)
        await self.adapter.join()
        return "\n".join(self.fake.sent(CHAT)[before:])

    async def redeliver(self) -> None:
        """What ``dvbot run`` does every few seconds: send again what is due."""
        assert self.router is not None and self.adapter is not None
        await self.router.outbox.redeliver(self.router.senders)

    async def answers(self) -> tuple[str, dict[str, Any]]:
        assert self.rt is not None
        async with self.rt.begin() as conn:
            row = (await conn.execute(sa.select(submissions))).one_or_none()
            if row is None:  # nothing answered yet: no submission is stored
                return "not_started", {}
            return row.status, await sub_store.load_answers(conn, row.id)


@pytest.fixture
def stub() -> Recorder:
    """A handler that records what it got and answers from a script."""
    return Recorder()
