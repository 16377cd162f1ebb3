"""``dvbot run`` wiring: with a Zalo token the composition root starts the
real Zalo adapter (long polling against a fake Bot API on 127.0.0.1), routes
updates to the router and answers; it stops cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pydantic import SecretStr

from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.serve import serve_async
from tests.conftest import seed
from tests.fakes.zalo_api import FakeZaloApi


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3", reminder_tick_seconds=3600,
                    _env_file=None, **kw)  # type: ignore[call-arg]


async def _seeded(settings: Settings) -> dict[str, str]:
    rt = await Runtime.open(settings)
    try:
        return await seed(rt)
    finally:
        await rt.close()


async def test_run_serves_zalo_by_polling(tmp_path: Path) -> None:
    async with FakeZaloApi() as fake:
        settings = _settings(tmp_path, zalo_token=SecretStr(fake.token), zalo_api_base=fake.base_url)
        codes = await _seeded(settings)

        stop = asyncio.Event()
        task = asyncio.create_task(serve_async(settings, stop))
        try:
            fake.user_text("chat-1", f"/start {codes['SNV']}")
            [reply] = await fake.wait_sent("chat-1", 1, within=10)
            assert "Sở Nội vụ" in reply and "1. Đúng" in reply
            fake.user_text("chat-1", "/khongco")
            replies = await fake.wait_sent("chat-1", 2, within=10)
            assert "Không có lệnh /khongco" in replies[1]
        finally:
            stop.set()
            await asyncio.wait_for(task, 20)
        assert task.exception() is None


async def _wait_for(predicate, within: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_run_serves_zalo_and_telegram_together(tmp_path: Path) -> None:
    from tests.fakes.telegram_api import FakeTelegram
    from tests.fakes.telegram_state import FakeUser

    telegram = await FakeTelegram().start()
    try:
        async with FakeZaloApi() as zalo:
            settings = _settings(
                tmp_path, zalo_token=SecretStr(zalo.token), zalo_api_base=zalo.base_url,
                telegram_token=SecretStr(telegram.token), telegram_api_base=telegram.base,
            )
            codes = await _seeded(settings)
            stop = asyncio.Event()
            task = asyncio.create_task(serve_async(settings, stop))
            try:
                person = FakeUser(id=5001, first_name="An")
                await _wait_for(lambda: bool(telegram.commands))  # menus published at start
                await telegram.say(person, f"/start {codes['STC']}")
                await _wait_for(lambda: any("Sở Tài chính" in t for t in telegram.texts(person.id)))
                zalo.user_text("z-1", f"/start {codes['SNV']}")
                [reply] = await zalo.wait_sent("z-1", 1, within=10)
                assert "Sở Nội vụ" in reply
            finally:
                stop.set()
                await asyncio.wait_for(task, 30)
            assert task.exception() is None
    finally:
        await telegram.stop()
    assert not telegram.invalid


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_run_in_webhook_mode_serves_healthz_and_zalo(tmp_path: Path) -> None:
    import httpx

    port = _free_port()
    async with FakeZaloApi() as zalo:
        settings = _settings(
            tmp_path, zalo_token=SecretStr(zalo.token), zalo_api_base=zalo.base_url,
            zalo_webhook_secret=SecretStr("zalo-secret-123"),
            webhook_url="https://dvbot.example.gov.vn", webhook_listen="127.0.0.1", webhook_port=port,
        )
        codes = await _seeded(settings)
        stop = asyncio.Event()
        task = asyncio.create_task(serve_async(settings, stop))
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
                for _ in range(100):
                    try:
                        health = await http.get("/healthz")
                        break
                    except httpx.ConnectError:
                        await asyncio.sleep(0.05)
                assert health.json() == {"ok": True}
                forged = await http.post("/zalo", json={"ok": True, "result": {}},
                                         headers={"X-Bot-Api-Secret-Token": "wrong"})
                assert forged.status_code == 403
            # The platform delivers to our webhook with the right secret.
            zalo.webhook_url, zalo.webhook_secret = f"http://127.0.0.1:{port}/zalo", "zalo-secret-123"
            zalo.user_text("z-9", f"/start {codes['SNV']}")
            [reply] = await zalo.wait_sent("z-9", 1, within=10)
            assert "Sở Nội vụ" in reply
            assert not zalo.calls_of("getUpdates")  # no polling in webhook mode
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)
        assert task.exception() is None
