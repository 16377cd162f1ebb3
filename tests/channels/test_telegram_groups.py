"""A unit's Telegram group, end to end: binding by a group admin (refused for
others), /status, pointers to the private chat, ignored chatter, and the
binding kept when the group becomes a supergroup."""

from __future__ import annotations

from bot.services.runtime import Runtime
from storage import groups as group_store
from tests.channels.telegram_support import (
    MakeAdapter,
    TgUser,
    fake_telegram,
    make_adapter,
    wire,
)
from tests.channels.test_telegram_officer import AN, register_by_deep_link
from tests.fakes.telegram_api import FakeTelegram, FakeUser

__all__ = ["fake_telegram", "make_adapter"]

GROUP = -4001
BINH = FakeUser(7002, "Bình", "vi")


async def bound(rt: Runtime, chat_id: int) -> int | None:
    async with rt.begin() as conn:
        binding = await group_store.binding_for(conn, "telegram", str(chat_id))
    return None if binding is None else binding.unit_id


async def test_group_binding_status_and_migration(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an_private = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    bot = an_private.bot
    fake_telegram.group(GROUP, "Sở Nội vụ — Dân vận")
    fake_telegram.set_member(GROUP, AN, "member")
    an = TgUser(fake_telegram, bot, AN, GROUP)
    binh = TgUser(fake_telegram, bot, BINH, GROUP)

    assert "Chỉ quản trị viên" in await an.say("/lienket SNV")
    assert await bound(rt, GROUP) is None
    assert any(r.method == "getChatMember" for r in fake_telegram.requests)

    fake_telegram.set_member(GROUP, AN, "administrator")
    assert "Đã liên kết nhóm này với Sở Nội vụ (SNV)" in await an.say("/lienket@dvbot_test_bot SNV")
    assert await bound(rt, GROUP) is not None
    async with rt.begin() as conn:
        binding = await group_store.binding_for(conn, "telegram", str(GROUP))
    assert binding is not None and binding.title == "Sở Nội vụ — Dân vận"  # the group's name is kept

    status = await binh.say("/tiendo")
    assert "Tiến độ báo cáo của Sở Nội vụ" in status
    # "Trước ngày 20/5/2025": the last day is Monday 19/5
    assert "Báo cáo 6 tháng đầu năm 2025 — hạn 19/05/2025 — chưa làm, còn 17 ngày" in status
    assert "Người phụ trách: Nguyễn Văn An (Chuyên viên)" in status

    pointer = await binh.say("/baocao")
    assert "https://t.me/dvbot_test_bot" in pointer
    assert await binh.say("Chào cả nhà, mai họp nhé") == ""  # chatter is for people
    assert await binh.say("/tiendo@another_bot") == ""  # a command for another bot

    await bot.wait_handled(await fake_telegram.migrate(AN, GROUP, -1009990001))
    assert await bound(rt, GROUP) is None and await bound(rt, -1009990001) is not None
    super_group = TgUser(fake_telegram, bot, BINH, -1009990001)
    assert "Tiến độ báo cáo của Sở Nội vụ" in await super_group.say("/tiendo")


async def test_binding_needs_an_officer_or_admin_of_the_unit(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    bot = await wire(rt, make_adapter)
    fake_telegram.group(GROUP, "Nhóm lạ")
    fake_telegram.set_member(GROUP, BINH, "creator")
    binh = TgUser(fake_telegram, bot, BINH, GROUP)
    assert "chưa đăng ký là cán bộ của Sở Nội vụ" in await binh.say("/lienket SNV")
    assert "Không tìm thấy đơn vị có mã XYZ" in await binh.say("/lienket XYZ")
    assert "Cách dùng" in await binh.say("/lienket")
    assert "chưa được liên kết" in await binh.say("/tiendo")
    assert await bound(rt, GROUP) is None


async def test_bot_added_to_a_group_explains_itself(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    bot = await wire(rt, make_adapter)
    fake_telegram.group(GROUP, "Nhóm")
    added = fake_telegram._message(BINH, GROUP, new_chat_members=[dict(fake_telegram.bot)])
    await bot.wait_handled(await fake_telegram._push("message", added))
    assert "/lienket" in fake_telegram.texts(GROUP)[-1]
