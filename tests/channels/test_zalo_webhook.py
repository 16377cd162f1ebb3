"""The Zalo adapter in webhook mode: the fake platform delivers updates to the
shared Starlette app served by uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.zalo.adapter import ZaloAdapter
from bot.core.errors import ConfigError
from bot.shell.webhook import create_app
from tests.channels.zalo_support import (
    SECRET,
    Recorder,
    adapter_for,
    client_for,
    eventually,
    fake,
    serve,
    stub,
)
from tests.fakes.zalo_api import FakeZaloApi

__all__ = ["fake", "stub"]  # fixtures used by name


@pytest.fixture
async def adapter(fake: FakeZaloApi, stub: Recorder) -> AsyncIterator[ZaloAdapter]:
    a = adapter_for(fake, stub, use_webhook=True, webhook_secret=SECRET)
    await a.start()
    yield a
    await a.stop()


@pytest.fixture
async def url(adapter: ZaloAdapter) -> AsyncIterator[str]:
    async with serve(create_app(adapter.routes())) as base:
        yield base


async def set_webhook(fake: FakeZaloApi, url: str, secret: str = SECRET) -> None:
    client = client_for(fake)
    await client.set_webhook(url, secret)
    await client.aclose()


async def test_the_right_secret_is_processed(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter, url: str
) -> None:
    await set_webhook(fake, f"{url}/zalo")
    fake.user_text("chat-w", "xin chào")
    assert await fake.wait_sent("chat-w", 1) == ["echo: xin chào"]
    assert fake.deliveries == [200]
    assert fake.calls_of("getUpdates") == []  # webhook mode does not poll


async def test_a_wrong_secret_is_refused_and_not_processed(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter, url: str
) -> None:
    await set_webhook(fake, f"{url}/zalo", secret="not-the-secret-at-all")
    fake.user_text("chat-w", "giả mạo")
    await eventually(lambda: fake.deliveries == [403])
    await adapter.join()
    assert stub.seen == [] and fake.sent("chat-w") == []


async def test_a_missing_secret_or_a_bad_body_is_refused(
    stub: Recorder, adapter: ZaloAdapter, url: str
) -> None:
    update = {"ok": True, "result": {"event_name": "message.text.received", "message": {
        "message_id": "m1", "date": 1, "text": "hi",
        "from": {"id": "u1", "display_name": "X"}, "chat": {"id": "c1", "chat_type": "PRIVATE"}}}}
    async with httpx.AsyncClient() as http:
        assert (await http.post(f"{url}/zalo", json=update)).status_code == 403
        bad = {"X-Bot-Api-Secret-Token": SECRET + "x"}
        assert (await http.post(f"{url}/zalo", json=update, headers=bad)).status_code == 403
        good = {"X-Bot-Api-Secret-Token": SECRET}
        assert (await http.post(f"{url}/zalo", content=b"{not json", headers=good)).status_code == 400
        assert (await http.post(f"{url}/zalo", json={"ok": True}, headers=good)).status_code == 400
        assert (await http.get(f"{url}/healthz")).json() == {"ok": True}
    await adapter.join()
    assert stub.seen == []


async def test_replayed_deliveries_are_answered_once(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter, url: str
) -> None:
    await set_webhook(fake, f"{url}/zalo")
    fake.user_text("chat-w", "một", message_id="w-1")
    fake.user_text("chat-w", "một", message_id="w-1")
    fake.user_text("chat-w", "hai", message_id="w-2")
    await eventually(lambda: len(fake.deliveries) == 3)
    await adapter.join()
    assert fake.sent("chat-w") == ["echo: một", "echo: hai"]


async def test_webhook_mode_needs_a_secret(fake: FakeZaloApi, stub: Recorder) -> None:
    with pytest.raises(ConfigError):
        adapter_for(fake, stub, use_webhook=True)


async def test_from_settings_picks_the_mode(fake: FakeZaloApi, stub: Recorder) -> None:
    from pydantic import SecretStr

    from bot.core.settings import Settings

    base = {"zalo_token": SecretStr(fake.token), "zalo_api_base": fake.base_url, "_env_file": None}
    polling = ZaloAdapter.from_settings(Settings(**base), stub)  # type: ignore[arg-type]
    assert polling.use_webhook is False and polling.routes() == []
    webhook = ZaloAdapter.from_settings(
        Settings(**base, webhook_url="https://bot.example", zalo_webhook_secret=SecretStr(SECRET)),  # type: ignore[arg-type]
        stub,
    )
    assert [r.path for r in webhook.routes()] == ["/zalo"]  # type: ignore[attr-defined]
    with pytest.raises(ConfigError):
        ZaloAdapter.from_settings(Settings(**{**base, "webhook_url": "https://bot.example"}), stub)  # type: ignore[arg-type]
    await polling.client.aclose()
    await webhook.client.aclose()
