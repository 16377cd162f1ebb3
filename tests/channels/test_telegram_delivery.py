"""Delivery on Telegram, end to end: a 429 honoured without losing the message,
a user who blocked the bot recorded as unreachable, and webhook mode on the
shared Starlette app (right and wrong secret)."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
import uvicorn

from bot.core.errors import ChatUnreachable
from bot.core.messages import Outgoing
from bot.services.runtime import Runtime
from bot.shell.webhook import create_app
from storage import officers as officer_store
from tests.channels.telegram_support import MakeAdapter, TgUser, fake_telegram, make_adapter, wire
from tests.channels.test_telegram_officer import AN, register_by_deep_link
from tests.fakes.telegram_api import FakeTelegram

__all__ = ["fake_telegram", "make_adapter"]


async def test_429_is_honoured_without_losing_the_reply(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    fake_telegram.fail_next("sendMessage", 429, retry_after=1)
    status = await an.say("/tiendo")
    assert "Báo cáo 6 tháng" in status
    tries = fake_telegram.calls("sendMessage")[-2:]
    assert [r.status for r in tries] == [429, 200]
    assert tries[1].at - tries[0].at >= 1.0
    assert tries[0].params["text"] == tries[1].params["text"]


async def test_a_user_who_blocked_the_bot_is_recorded_unreachable(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    fake_telegram.blocked.add(AN.id)
    with pytest.raises(ChatUnreachable):
        await an.bot.send(str(AN.id), Outgoing(text="Nhắc: Báo cáo 6 tháng hạn 20/05/2025"))
    async with rt.begin() as conn:
        found = await officer_store.officer_for(conn, "telegram", str(AN.id))
    assert found is not None
    assert found[1].unreachable_at is not None
    assert found[1].unreachable_reason == "Forbidden: bot was blocked by the user"
    # Unblocking and writing again makes the officer reachable.
    fake_telegram.blocked.clear()
    await an.say("/tiendo")
    async with rt.begin() as conn:
        found = await officer_store.officer_for(conn, "telegram", str(AN.id))
    assert found is not None and found[1].unreachable_at is None


async def test_webhook_mode_on_the_shared_server(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    bot = await wire(rt, make_adapter, webhook_url=f"http://127.0.0.1:{port}",
                     webhook_secret="w-Secret_1", start=False)
    server = uvicorn.Server(uvicorn.Config(create_app(bot.routes()), log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        await bot.start()
        assert fake_telegram.webhook_url == f"http://127.0.0.1:{port}/telegram"
        assert fake_telegram.webhook_secret == "w-Secret_1"
        an = TgUser(fake_telegram, bot, AN)
        assert "Sở Nội vụ" in await an.say(f"/start {codes['SNV']}")
        assert "họ và tên" in await an.press("1")

        forged = {"update_id": 1, "message": {
            "message_id": 999, "date": 0, "text": "/tiendo", "from": AN.as_dict(),
            "chat": {"id": AN.id, "type": "private", "first_name": AN.first_name}}}
        before = len(fake_telegram.bot_messages(AN.id))
        async with httpx.AsyncClient() as http:
            url = f"http://127.0.0.1:{port}/telegram"
            wrong = await http.post(url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
            missing = await http.post(url, json=forged)
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
        assert (wrong.status_code, missing.status_code, health.status_code) == (403, 403, 200)
        await an.say("Nguyễn Văn An")  # the next real update is handled; the forged one never was
        assert len(fake_telegram.bot_messages(AN.id)) == before + 1
        assert set(fake_telegram.webhook_answers) == {200}
        assert not fake_telegram.calls("getUpdates")
    finally:
        server.should_exit = True
        await serving
