"""A replayed update is answered once across a restart and across replicas.

Each replica has its own process memory (the Zalo adapter's cheap replay set),
so only the database's replay guard (``bot/services/sessions.arrive`` claiming
the update key) can tell that another replica, or the process before a
restart, already handled a delivery. Platforms redeliver when a webhook
answer is slow or lost, to whichever replica the load balancer picks."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from typing import Any

import httpx
import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.messages import Incoming
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.webhook import create_app
from handlers.router import Router
from storage import submissions as sub_store
from storage.schema import submissions
from tests.channels.zalo_support import CHAT, SECRET, adapter_for, fake
from tests.conftest import Chat, register, seed
from tests.fakes.zalo_api import FakeZaloApi

__all__ = ["fake"]  # fixtures used by name


def delivery(text: str, message_id: str) -> str:
    message = {"message_id": message_id, "date": 0, "text": text,
               "from": {"id": CHAT, "display_name": "Nguyễn Văn An"}, "chat": {"id": CHAT, "chat_type": "PRIVATE"}}
    return json.dumps({"ok": True, "result": {"event_name": "message.text.received", "message": message}})


class Replica:
    """One process: its runtime on the shared database, its router, its Zalo
    adapter in webhook mode, and the shared app's /zalo route."""

    def __init__(self, fake: FakeZaloApi, settings: Settings, clock: FakeClock) -> None:
        self.fake, self.settings, self.clock = fake, settings, clock
        self.stack = AsyncExitStack()

    async def start(self) -> Replica:
        self.rt = await Runtime.open(self.settings, self.clock)
        self.stack.push_async_callback(self.rt.close)
        self.adapter = adapter_for(self.fake, Router(self.rt).handle, use_webhook=True, webhook_secret=SECRET)
        await self.adapter.start()
        self.stack.push_async_callback(self.adapter.stop)
        app = create_app(self.adapter.routes())
        self.client = await self.stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://replica"))
        return self

    async def stop(self) -> None:
        await self.stack.aclose()

    async def deliver(self, text: str, message_id: str) -> list[str]:
        """The platform posts one delivery here; what the bot sent because of it."""
        before = len(self.fake.sent(CHAT))
        response = await self.client.post("/zalo", content=delivery(text, message_id),
                                          headers={"X-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 200
        await self.adapter.join()
        return self.fake.sent(CHAT)[before:]


async def stored(rt: Runtime) -> dict[str, Any]:
    async with rt.begin() as conn:
        row = (await conn.execute(sa.select(submissions))).one_or_none()
        return {} if row is None else await sub_store.load_answers(conn, row.id)


async def test_a_delivery_replayed_to_another_replica_or_after_a_restart_is_answered_once(
    fake: FakeZaloApi, settings: Settings, clock: FakeClock
) -> None:
    fake.known_chats.add(CHAT)  # the officer wrote first (Zalo bots cannot)
    a = await Replica(fake, settings, clock).start()
    b = await Replica(fake, settings, clock).start()
    try:
        codes = await seed(a.rt)
        for n, typed in enumerate((f"/start {codes['SNV']}", "1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678")):
            assert await a.deliver(typed, f"reg-{n}")
        assert "Câu 1/" in "\n".join(await a.deliver("/baocao 6-thang", "open"))
        assert "Câu 2/" in "\n".join(await a.deliver("1", "answer-1"))

        assert await b.deliver("1", "answer-1") == []  # the same delivery, on the other replica
        assert await b.deliver("/baocao 6-thang", "open") == []
        await a.stop()
        a = await Replica(fake, settings, clock).start()  # a restart: its memory is empty
        assert await a.deliver("1", "answer-1") == []

        assert "Câu 3/" in "\n".join(await b.deliver("7", "answer-2"))  # new deliveries go on
        assert await stored(a.rt) == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 7}
    finally:
        await a.stop()
        await b.stop()


async def test_two_routers_on_one_database_handle_an_update_key_once(
    settings: Settings, clock: FakeClock
) -> None:
    one, two = await Runtime.open(settings, clock), await Runtime.open(settings, clock)
    try:
        codes = await seed(one)
        chat = Chat(Router(one), "u1")
        await register(chat, codes["SNV"])
        await chat.say("/baocao 6-thang")
        first = Incoming(chat.channel, "u1", "u1", text="1", update_key="console-42")
        assert await Router(one).handle(first)
        assert await Router(two).handle(first) == []  # another replica
        assert await stored(one) == {"quan-triet.trien-khai": "da"}
    finally:
        await one.close()
        await two.close()
