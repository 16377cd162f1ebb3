"""Returning a submission tells the admin whether the unit's officers were
actually told: "đã thông báo" only when the notice was delivered."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from bot.core.errors import ChannelError, ChatUnreachable, TransientChannelError
from bot.core.messages import Channel, Outgoing
from bot.core.ports import Sender
from bot.services.runtime import Runtime
from handlers.router import Router
from storage.schema import identities
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import RecordingSender, make_admin

TOLD = "đơn vị đã được thông báo"
NOT_TOLD = "chưa gửi được — đơn vị sẽ thấy khi mở /tiendo"


@dataclass
class FailingSender:
    error: ChannelError
    channel: Channel = Channel.CONSOLE

    async def send(self, chat_id: str, message: Outgoing) -> str:
        raise self.error


async def _return_with(rt: Runtime, codes: dict[str, str], sender: Sender | None) -> str:
    router = Router(rt, {Channel.CONSOLE: sender} if sender else None)
    await register(Chat(router, "officer-snv"), codes["SNV"])
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    return await Chat(router, "boss").say("/tralai SNV 6-thang Bổ sung số liệu")


async def test_delivered_notice_is_reported(rt: Runtime, codes: dict[str, str]) -> None:
    sender = RecordingSender()
    reply = await _return_with(rt, codes, sender)
    assert "Đã trả lại" in reply and TOLD in reply and NOT_TOLD not in reply
    [(chat_id, notice)] = sender.sent
    assert chat_id == "officer-snv" and "Bổ sung số liệu" in notice.text


@pytest.mark.parametrize("error", [ChatUnreachable("blocked"), TransientChannelError("timeout")])
async def test_failed_notice_is_not_claimed(rt: Runtime, codes: dict[str, str], error: ChannelError) -> None:
    reply = await _return_with(rt, codes, FailingSender(error))
    assert "Đã trả lại" in reply and NOT_TOLD in reply and TOLD not in reply


async def test_unreachable_officer_is_marked(rt: Runtime, codes: dict[str, str]) -> None:
    await _return_with(rt, codes, FailingSender(ChatUnreachable("blocked")))
    async with rt.begin() as conn:
        row = (await conn.execute(sa.select(identities.c.unreachable_at).where(
            identities.c.chat_id == "officer-snv"))).one()
    assert row.unreachable_at is not None


async def test_no_sender_and_no_officer(rt: Runtime, codes: dict[str, str]) -> None:
    # no adapter for the officer's channel: nothing was delivered
    assert NOT_TOLD in await _return_with(rt, codes, None)
    # a unit with no registered officer: nobody to tell
    router = Router(rt, {Channel.CONSOLE: RecordingSender()})
    reply = await Chat(router, "boss").say("/tralai STC 6-thang Thiếu minh chứng")
    assert "Đã trả lại" in reply and NOT_TOLD in reply
