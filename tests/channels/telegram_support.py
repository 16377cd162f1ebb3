"""Fixtures for the Telegram tests (imported by them; no shared conftest): the fake
Bot API and adapters on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.channels.telegram.adapter import TelegramAdapter
from bot.core.messages import Channel
from bot.core.ports import Handler
from bot.services.runtime import Runtime
from handlers.commands import all_commands
from handlers.flows.groups import adapter_callbacks, set_private_chat_link
from handlers.router import Router
from tests.fakes.telegram_api import FakeTelegram, FakeUser

MakeAdapter = Callable[..., Awaitable[TelegramAdapter]]


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.stop()
    invalid = [f"{r.method}: {r.errors}" for r in fake.invalid]
    assert not invalid, "invalid Bot API requests:\n" + "\n".join(invalid)


async def new_adapter(fake: FakeTelegram, handler: Handler, *, start: bool = True, **kw: Any) -> TelegramAdapter:
    """An adapter on the fake Bot API (polling it), started unless ``start=False``."""
    kw.setdefault("max_evidence_bytes", 20 * 1024 * 1024)
    kw.setdefault("tzinfo", ZoneInfo("Asia/Ho_Chi_Minh"))
    adapter = TelegramAdapter(token=fake.token, handler=handler, api_base=fake.base, poll_timeout=1, **kw)
    if start:
        await adapter.start()
    return adapter


@pytest.fixture
async def make_adapter(fake_telegram: FakeTelegram) -> AsyncIterator[MakeAdapter]:
    started: list[TelegramAdapter] = []

    async def make(handler: Handler, *, start: bool = True, **kw: Any) -> TelegramAdapter:
        adapter = await new_adapter(fake_telegram, handler, start=start, **kw)
        started.append(adapter)
        return adapter

    yield make
    for adapter in started:
        await adapter.stop()


class TgUser:
    """One person in Telegram, driven through the fake server: each action
    waits until the bot handled it and returns the texts the bot sent."""

    def __init__(self, fake: FakeTelegram, bot: TelegramAdapter, user: FakeUser, chat_id: int | None = None) -> None:
        self.fake, self.bot, self.user = fake, bot, user
        self.chat_id = chat_id if chat_id is not None else user.id

    def _new_since(self, before: int) -> str:
        return "\n\n".join(self.fake.texts(self.chat_id)[before:])

    async def _wait(self, pushed: Awaitable[int]) -> str:
        before = len(self.fake.bot_messages(self.chat_id))
        await self.bot.wait_handled(await pushed)
        return self._new_since(before)

    async def say(self, text: str) -> str:
        group = None if self.chat_id == self.user.id else self.chat_id
        return await self._wait(self.fake.say(self.user, text, group))

    def keyboard_message(self) -> dict[str, Any]:
        for message in reversed(self.fake.bot_messages(self.chat_id)):
            if message.get("reply_markup"):
                return message
        raise AssertionError("no message with buttons")

    def buttons(self) -> list[tuple[str, str]]:
        return self.fake.buttons(self.keyboard_message())

    async def press(self, value: str) -> str:
        """Press the button whose data is ``value``, or whose data is ``value``
        plus the question's token (``"2"`` presses ``"2@rounds"``)."""
        message = self.keyboard_message()
        data = [v for _, v in self.fake.buttons(message) if v == value or v.split("@", 1)[0] == value]
        assert data, (value, self.fake.buttons(message))
        return await self._wait(self.fake.press(self.user, message, data[0]))

    async def press_on(self, message: dict[str, Any], data: str) -> str:
        """Press a button of a given (possibly old) message."""
        return await self._wait(self.fake.press(self.user, message, data))

    async def upload(self, name: str, content: bytes, mime: str = "application/pdf", **kw: Any) -> str:
        return await self._wait(self.fake.send_document(self.user, name, content, mime, **kw))


async def wire(rt: Runtime, make: MakeAdapter, **kw: Any) -> TelegramAdapter:
    """The adapter wired to the real router, as the composition root does it."""
    router = Router(rt)
    adapter = await make(
        router.handle, commands=all_commands(), **adapter_callbacks(rt, Channel.TELEGRAM), **kw
    )
    router.senders[Channel.TELEGRAM] = adapter
    set_private_chat_link(Channel.TELEGRAM, await adapter.private_chat_link())
    return adapter


def _typed_answer(text: str) -> str:
    hint = next((line for line in text.splitlines() if line.startswith("✍️")), "")
    if "ngày/tháng/năm" in hint:
        return "15/05/2025"
    if "phần trăm" in hint:
        return "100"
    if "số" in hint:
        return "12"
    return "Đã thực hiện đầy đủ"


async def answer_all(u: TgUser, *, buttons: bool) -> str:
    """Answer every question of the open round, by buttons or by typing;
    evidence questions are skipped. Returns the text after the last answer."""
    out = ""
    for _ in range(100):
        message = u.fake.last(u.chat_id)
        text = message["text"]
        if "❓" not in text:
            return out
        values = [v for _, v in u.fake.buttons(message)]
        options = [v for v in values if not v.startswith("/")]
        evidence = "tệp minh chứng" in text
        if buttons and options:
            out = await u.press(options[0])
        elif buttons and evidence and "/skip" in values:
            out = await u.press("/skip")
        elif options:  # type the option's number, as a person would
            out = await u.say(options[0].split("@", 1)[0])
        elif evidence:
            out = await u.say("/boqua")
        else:
            out = await u.say(_typed_answer(text))
        assert "⚠️" not in out, out
    raise AssertionError("the round never ended")
