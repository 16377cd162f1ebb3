"""Fixtures for the Telegram tests (imported by them; no shared conftest): the fake
Bot API and adapters on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.channels.base import Handler
from bot.channels.telegram import TelegramAdapter
from tests.fakes.telegram_api import FakeTelegram

MakeAdapter = Callable[..., Awaitable[TelegramAdapter]]


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.stop()
    invalid = [f"{r.method}: {r.errors}" for r in fake.invalid]
    assert not invalid, "invalid Bot API requests:\n" + "\n".join(invalid)


@pytest.fixture
async def make_adapter(fake_telegram: FakeTelegram) -> AsyncIterator[MakeAdapter]:
    started: list[TelegramAdapter] = []

    async def make(handler: Handler, *, start: bool = True, **kw: Any) -> TelegramAdapter:
        kw.setdefault("max_evidence_bytes", 20 * 1024 * 1024)
        kw.setdefault("tzinfo", ZoneInfo("Asia/Ho_Chi_Minh"))
        adapter = TelegramAdapter(
            token=fake_telegram.token, handler=handler, api_base=fake_telegram.base,
            poll_timeout=1, **kw,
        )
        if start:
            await adapter.start()
        started.append(adapter)
        return adapter

    yield make
    for adapter in started:
        await adapter.stop()
