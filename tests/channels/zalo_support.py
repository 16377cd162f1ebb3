"""Shared helpers for the Zalo channel tests (not fixtures, so that other
test packages' conftest files stay untouched)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette

from bot.channels.base import Handler
from bot.channels.zalo import ZaloAdapter
from bot.channels.zalo_client import ZaloClient
from bot.messages import Channel, Incoming, Outgoing
from tests.fakes.zalo_api import FakeZaloApi

SECRET = "webhook-secret-0123456789"


def client_for(fake: FakeZaloApi, token: str | None = None) -> ZaloClient:
    return ZaloClient(token or fake.token, fake.base_url, timeout=5.0, retries=2, backoff=0.01)


def adapter_for(
    fake: FakeZaloApi,
    handler: Handler,
    *,
    unreachable: list[tuple[Channel, str, str]] | None = None,
    **kw: Any,
) -> ZaloAdapter:
    async def on_unreachable(channel: Channel, chat_id: str, reason: str) -> None:
        if unreachable is not None:
            unreachable.append((channel, chat_id, reason))

    kw.setdefault("poll_timeout", 1)
    kw.setdefault("rate_per_second", 1000.0)
    kw.setdefault("redeliver_delays", (0.2, 0.2, 0.2))
    return ZaloAdapter(client_for(fake), handler, on_unreachable=on_unreachable, **kw)


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
