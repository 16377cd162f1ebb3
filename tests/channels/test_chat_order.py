"""One chat's updates in order, different chats in parallel — on Telegram (the
real PTB client polling the fake Bot API, with ``PerChatProcessor``), the Zalo
Bot Platform (long polling its fake) and the Zalo OA (signed webhook
deliveries from its fake), all through ``bot.channels.chat_order``.

Shown by events, not by time: chat A's first message is held in the handler
until chat B's message has been handled — with updates handled one at a time
that never happens (the wait gives up and the test fails). Chat A's later
messages must not start before its first one ended, and every chat's replies
arrive in the order its messages were sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.channels.chat_order import ChatQueues
from bot.core.messages import Incoming, Outgoing
from bot.services.runtime import Runtime
from bot.shell import zalo_oa as wiring
from bot.shell.webhook import create_app
from tests.channels.telegram_support import MakeAdapter, fake_telegram, make_adapter
from tests.channels.zalo_oa_support import fake_oa, oa_settings
from tests.channels.zalo_support import adapter_for, fake, serve
from tests.fakes.telegram_api import FakeTelegram, FakeUser
from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_oa_api import FakeOA, free_port

__all__ = ["fake", "fake_telegram", "make_adapter"]  # fixtures used by name

HOLD = 10.0  # how long the held message waits for the other chat before the test fails


class Held:
    """A stub router: logs ``("start", text)`` and ``("end", text)``; ``a1``
    is held until ``b1`` has been handled; the reply echoes the text."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []
        self.b_done = asyncio.Event()

    async def __call__(self, incoming: Incoming) -> list[Outgoing]:
        text = incoming.text or ""
        self.log.append(("start", text))
        if text == "a1":
            await asyncio.wait_for(self.b_done.wait(), HOLD)
        for _ in range(3):
            await asyncio.sleep(0)  # let the other chats' work interleave
        self.log.append(("end", text))
        if text == "b1":
            self.b_done.set()
        return [Outgoing(f"echo {text}")]

    def check(self) -> None:
        at = self.log.index
        assert at(("end", "b1")) < at(("end", "a1")), self.log  # B handled while A was held
        assert at(("end", "a1")) < at(("start", "a2")) < at(("end", "a2")) < at(("start", "a3")), self.log
        for chat in "abc":
            mine = [text for kind, text in self.log if kind == "start" and text[0] == chat]
            assert mine == sorted(mine, key=lambda t: int(t[1:])), self.log


A_THEN_B = [("a", "a1"), ("a", "a2"), ("b", "b1"), ("a", "a3"), ("c", "c1"), ("c", "c2"), ("b", "b2")]


def _expected(chat: str) -> list[str]:
    return [f"echo {text}" for c, text in A_THEN_B if c == chat]


# ---- the mechanism -----------------------------------------------------------------


async def test_a_failing_job_is_logged_and_the_chat_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    done: list[str] = []

    async def fails() -> None:
        raise RuntimeError("boom")

    async def works() -> None:
        done.append("next")

    chats = ChatQueues("test")
    chats.put("a", fails)
    chats.put("a", works)
    await chats.join()
    assert done == ["next"] and chats.busy == 0
    assert "test: handling an update failed" in caplog.text


# ---- Telegram ------------------------------------------------------------------------


async def test_telegram_chats_in_parallel_one_chat_in_order(
    fake_telegram: FakeTelegram, make_adapter: MakeAdapter
) -> None:
    held = Held()
    bot = await make_adapter(held)
    users = {c: FakeUser(id=n, first_name=f"Người {c}") for n, c in ((501, "a"), (502, "b"), (503, "c"))}
    last = 0
    for chat, text in A_THEN_B:
        last = await fake_telegram.say(users[chat], text)
    await bot.wait_handled(last, within=HOLD + 5)
    held.check()
    for chat, user in users.items():
        assert fake_telegram.texts(user.id) == _expected(chat)
    sends = [int(r.params["chat_id"]) for r in fake_telegram.calls("sendMessage")]
    assert sends.index(users["b"].id) < sends.index(users["a"].id)  # B's reply went out before A's first


async def test_telegram_wait_handled_means_every_update_up_to_it(
    fake_telegram: FakeTelegram, make_adapter: MakeAdapter
) -> None:
    """A later chat finishing first does not make an earlier, held update count as handled."""
    held = Held()
    bot = await make_adapter(held)
    a, b = FakeUser(id=601, first_name="A"), FakeUser(id=602, first_name="B")
    first = await fake_telegram.say(a, "a1")
    await fake_telegram.say(b, "b1")
    await bot.wait_handled(first, within=HOLD + 5)
    assert ("end", "a1") in held.log and fake_telegram.texts(a.id) == ["echo a1"]


# ---- Zalo Bot Platform -------------------------------------------------------------


async def test_zalo_chats_in_parallel_one_chat_in_order(fake: FakeZaloApi) -> None:
    held = Held()
    adapter = adapter_for(fake, held)
    await adapter.start()
    try:
        for chat, text in A_THEN_B:
            fake.user_text(f"chat-{chat}", text)
        for chat in "abc":
            await fake.wait_sent(f"chat-{chat}", len(_expected(chat)), within=HOLD + 5)
        await adapter.join()
    finally:
        await adapter.stop()
    held.check()
    for chat in "abc":
        assert fake.sent(f"chat-{chat}") == _expected(chat)
    order = [s.chat_id for s in fake.sent_items]
    assert order.index("chat-b") < order.index("chat-a")


# ---- Zalo OA ---------------------------------------------------------------------------


@pytest.fixture
async def oa() -> AsyncIterator[FakeOA]:
    async with fake_oa() as server:
        yield server


async def test_zalo_oa_chats_in_parallel_one_chat_in_order(tmp_path: Path, oa: FakeOA) -> None:
    held = Held()
    settings = oa_settings(tmp_path / "db.sqlite3", oa, free_port(), oa.authorize())
    rt = await Runtime.open(settings)
    adapter = wiring.adapter(settings, held, rt, {}, None)
    await adapter.start()
    users = {c: f"48151623421{n}" for n, c in ((1, "a"), (2, "b"), (3, "c"))}
    try:
        async with serve(create_app(adapter.routes())) as url:
            oa.bot_url = f"{url}/zalo-oa"
            for chat, text in A_THEN_B:  # each answered 200 at once, handled after
                assert await oa.deliver(oa.event(users[chat], text=text)) == 200
            for chat, user in users.items():
                await oa.wait_sent(user, len(_expected(chat)), within=HOLD + 5)
            await adapter.join()
    finally:
        await adapter.stop()
        await rt.close()
    held.check()
    for chat, user in users.items():
        assert oa.texts(user) == _expected(chat)
    order = [s.user_id for s in oa.sent]
    assert order.index(users["b"]) < order.index(users["a"])
