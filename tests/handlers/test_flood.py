"""The per-chat flood limit (handlers/flood.py): 50 messages in one second
from an officer on Zalo are all handled, in order, with everything they
store kept; the officer gets one "vui lòng chậm lại" and, once the chat is
quiet, the reply to their last message — not 50 replies."""

from __future__ import annotations

import asyncio
from typing import Any

import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from handlers.flood import LIMIT, FloodGate
from handlers.router import Router
from locales import t
from storage import submissions as sub_store
from storage.schema import submissions
from tests.conftest import Chat, register
from tests.shell.test_console_script import REPORT
from tests.support.reminders import FakeSender

NOTICE = t("common.slow_down", "vi")
BURST = [text for text, _ in REPORT] + ["/tiendo"] * (50 - len(REPORT))


class Ticking:
    """The gate's clock: still during a burst, moved on by hand."""

    def __init__(self) -> None:
        self.at = 100.0

    def __call__(self) -> float:
        return self.at


async def stored(rt: Runtime) -> dict[str, Any]:
    async with rt.begin() as conn:
        row = (await conn.execute(sa.select(submissions))).one()
        return await sub_store.load_answers(conn, row.id)


async def officer_on(channel: Channel, rt: Runtime, clock: FakeClock, codes: dict[str, str]) -> tuple[Chat, Ticking, FakeSender]:
    ticking = Ticking()
    router = Router(rt, flood=FloodGate(now=ticking))
    sender = FakeSender(channel, clock)
    router.senders[channel] = sender  # type: ignore[assignment]
    chat = Chat(router, "zalo-officer", channel)
    for line in ("/start " + codes["SNV"], "1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678", "/baocao 6-thang"):
        ticking.at += 1.0  # typed by hand: one message a second
        assert await chat.say(line)
    return chat, ticking, sender


async def test_fifty_messages_in_a_second_are_all_handled_in_order_with_one_notice(
    rt: Runtime, clock: FakeClock, codes: dict[str, str]
) -> None:
    chat, ticking, sender = await officer_on(Channel.ZALO, rt, clock, codes)
    ticking.at += 1.0
    replies = [await chat.say(line) for line in BURST]  # all within the same second
    assert await chat.say("/tiendo", key="z-1") == "" and await chat.say("/tiendo", key="z-1") == ""  # a replay

    assert all(replies[:LIMIT]) and NOTICE not in "".join(replies[:LIMIT])
    assert replies[LIMIT] == NOTICE  # once
    assert replies[LIMIT + 1:] == [""] * (len(BURST) - LIMIT - 1)
    # Nothing lost, nothing reordered: every answer is on its own question.
    assert await stored(rt) == dict(a for _, a in REPORT if a is not None)

    assert sender.sent == []
    await asyncio.sleep(1.5)  # quiet for a window: the last message's reply comes
    [last] = sender.sent
    assert last.chat_id == "zalo-officer" and "Báo cáo 6 tháng" in last.text

    ticking.at += 5.0  # later, at a human pace, every message is answered again
    assert "Báo cáo 6 tháng" in await chat.say("/tiendo")
    assert len(sender.sent) == 1


async def test_a_quick_but_human_pace_is_never_limited(rt: Runtime, clock: FakeClock, codes: dict[str, str]) -> None:
    chat, ticking, sender = await officer_on(Channel.TELEGRAM, rt, clock, codes)
    for line in BURST:
        ticking.at += 1.0 / LIMIT + 0.001  # just under the limit
        assert await chat.say(line) not in ("", NOTICE)
    assert sender.sent == []


def test_the_running_bot_limits_floods() -> None:
    import inspect

    from bot.shell import serve

    assert "Router(rt, flood=FloodGate())" in inspect.getsource(serve.serve_async)


async def test_the_console_is_not_limited(rt: Runtime, codes: dict[str, str]) -> None:
    chat = Chat(Router(rt, flood=FloodGate(now=lambda: 0.0)), "console-officer")  # all in one instant
    await register(chat, codes["SNV"])
    await chat.say("/baocao 6-thang")
    replies = [await chat.say(line) for line in BURST]
    assert all(replies) and NOTICE not in "".join(replies)
