"""Submitting a round stops that unit's pending reminders for it at once."""

from __future__ import annotations

import datetime as dt

from bot.core.clock import FakeClock
from bot.services.reminders.planner import Planner
from bot.services.runtime import Runtime
from storage import reminders as store
from tests.conftest import Chat, register


async def _fill_and_submit(chat: Chat) -> str:
    await chat.say("/baocao")
    await chat.say("1")  # the unit's own plan (ke-hoach)
    for _ in range(20):
        text = chat.last[-1].text
        if "/nop" in text and "Câu" not in text.splitlines()[-1]:
            break
        if "Trả lời 1" in text:
            await chat.say("1")
        elif "ngày/tháng/năm" in text:
            await chat.say("20/03/2025")
        elif "Gửi ảnh hoặc tệp" in text:
            await chat.attach("ke-hoach.pdf")
        else:
            await chat.say("Kế hoạch số 12/KH-SNV")
    assert "1. Nộp" in await chat.say("/nop")  # asked to confirm first
    return await chat.say("1")


async def test_submit_cancels_pending_reminders(rt: Runtime, clock: FakeClock, chat: Chat, codes: dict[str, str]) -> None:
    clock.set(dt.datetime(2025, 3, 24, 2, 0, tzinfo=dt.UTC))  # 09:00 on Monday 24/03; ke-hoach due 28/03
    await register(chat, codes["SNV"])
    assert await Planner(rt).tick() > 0
    async with rt.begin() as conn:
        mine = [r for r in await store.list_reminders(conn) if r.round_id == "ke-hoach" and r.officer_id is not None]
    assert mine and all(r.status == "pending" for r in mine)

    assert "Đã nộp" in await _fill_and_submit(chat)

    async with rt.begin() as conn:
        after = {r.id: r.status for r in await store.list_reminders(conn)}
    assert {after[r.id] for r in mine} == {"cancelled"}
