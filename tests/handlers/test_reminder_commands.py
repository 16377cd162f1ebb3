"""/remind (/nhac) with its confirmation and cool-down, and /remind_text
(/nhac_nhom), as transcripts."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.runtime import Runtime
from bot.services.sessions import mark_unreachable
from handlers.router import Router
from handlers.views.reminders import TEXTS
from storage import audit
from storage import submissions as sub_store
from storage import units as unit_store
from tests.conftest import Chat
from tests.support.reminders import FakeSender, add_admin, register_officer, seed_year


async def world(rt: Runtime) -> dict[str, int]:
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    await register_officer(rt, ids["STC"], "stc", "Trần Thị Bình", Channel.ZALO)
    await register_officer(rt, ids["X-TANAN"], "tanan", "Lê Văn Cường")
    async with rt.begin() as conn:
        sub = await sub_store.open_submission(conn, ids["X-TANAN"], "nam-2025", 1, "6-thang", rt.clock.now())
        await sub_store.set_status(conn, sub.id, "submitted", now=rt.clock.now())
    return ids


async def test_remind_confirms_sends_once_and_cools_down(rt: Runtime, clock: FakeClock) -> None:
    await world(rt)
    admin = Chat(Router(rt), "admin")
    menu = await admin.say("/nhac")
    assert menu.splitlines()[0] == "Chọn kỳ báo cáo cần nhắc:"
    assert "2. Báo cáo 6 tháng đầu năm 2025 — hạn 05/05/2025" in menu
    confirm = await admin.say("2")
    assert confirm == (
        "Sẽ gửi nhắc Báo cáo 6 tháng đầu năm 2025 (hạn 05/05/2025) tới 2 người phụ trách của 2 đơn vị chưa nộp. Gửi ngay?\n"
        "1. Gửi — 2. Huỷ"
    )
    assert await admin.say("1") == "Đã xếp 2 tin nhắc để gửi ngay."
    async with rt.begin() as conn:
        [(_, actor, after)] = await audit.latest(conn, "remind")
    assert actor == "console:admin" and after["queued"] == 2 and len(after["units"]) == 2  # who reminded whom
    fakes = {c: FakeSender(c, clock) for c in Channel}
    assert (await Dispatcher(rt, fakes, texts=TEXTS).tick()).sent == 2  # type: ignore[arg-type]
    [to_snv] = [s.text for s in fakes[Channel.CONSOLE].sent]
    assert to_snv.startswith("📣 Quản trị viên nhắc: Báo cáo 6 tháng đầu năm 2025 — hạn 05/05/2025 — còn 3 ngày.")
    assert [s.chat_id for s in fakes[Channel.ZALO].sent] == ["stc"]
    # within the cool-down nobody is reminded again
    clock.advance(hours=2)
    again = await admin.say("/nhac 6-thang")
    assert "không có đơn vị nào cần nhắc" in again and "12 giờ" in again
    clock.advance(hours=11)
    assert "tới 2 người phụ trách" in await admin.say("/remind 2")
    assert await admin.say("2") == "Đã huỷ, không gửi nhắc."
    async with rt.begin() as conn:
        assert len(await audit.latest(conn, "remind")) == 1  # the cool-down and the cancel recorded nothing


async def test_remind_names_the_units_it_cannot_reach(rt: Runtime) -> None:
    await world(rt)
    async with rt.begin() as conn:  # a reporting unit nobody has registered for
        await unit_store.add_unit(conn, "SYT", "Sở Y tế", now=rt.clock.now(), parent_code="TN", level="so")
    await mark_unreachable(rt, Channel.ZALO, "stc", "blocked")  # Trần Thị Bình blocked the bot on Zalo
    admin = Chat(Router(rt), "admin")
    confirm = await admin.say("/nhac 6-thang")
    assert confirm.splitlines()[0].startswith("Sẽ gửi nhắc Báo cáo 6 tháng đầu năm 2025 (hạn 05/05/2025) tới 1 người")
    assert confirm.splitlines()[1:4] == [
        "Không nhắc được 2 đơn vị chưa nộp — nên liên hệ trực tiếp:",
        "• Sở Tài chính — người phụ trách không nhận được tin (đã chặn bot hoặc rời Zalo/Telegram)",
        "• Sở Y tế — chưa có người phụ trách đăng ký",
    ]
    assert await admin.say("1") == "Đã xếp 1 tin nhắc để gửi ngay."
    # with nobody left to remind, the admin still learns whom to call
    english = Chat(Router(rt), "admin")
    await english.say("/language en")
    nothing = await english.say("/remind 6-thang")
    assert "cannot be reminded" in nothing and "• Sở Tài chính — the officer cannot be reached" in nothing


async def test_remind_is_for_admins_only(rt: Runtime) -> None:
    await world(rt)
    officer = Chat(Router(rt), "snv")
    assert await officer.say("/nhac") == "Lệnh này chỉ dành cho quản trị viên."
    assert await officer.say("/nhac_nhom") == "Lệnh này chỉ dành cho quản trị viên."


async def test_remind_text_gives_the_roll_call_to_forward(rt: Runtime) -> None:
    ids = await world(rt)
    admin = Chat(Router(rt), "admin")
    menu = await admin.say("/nhac_nhom")  # the admin chooses the round
    assert menu.splitlines()[0] == "Chọn kỳ báo cáo cần nhắc:"
    assert "2. Báo cáo 6 tháng đầu năm 2025 — hạn 05/05/2025" in menu
    text = await admin.say("2")
    assert text == (
        "📣 Báo cáo 6 tháng đầu năm 2025 hạn 05/05/2025 — còn 3 ngày. Đơn vị chưa nộp (2/3):\n"
        "• Sở Nội vụ — chưa bắt đầu\n"
        "• Sở Tài chính — chưa bắt đầu\n\n"
        "(Sao chép tin trên để chuyển vào nhóm Zalo hoặc Telegram của đơn vị.)"
    )
    # an admin of one unit gets that unit's roll-call
    await add_admin(rt, ids["SNV"], user_id="snv-admin", channel="zalo")
    zalo_admin = Chat(Router(rt), "snv-admin", Channel.ZALO)
    one = await zalo_admin.say("/nhac_nhom 6-thang")
    assert one.startswith("📣 Sở Nội vụ: Báo cáo 6 tháng đầu năm 2025 hạn 05/05/2025 — còn 3 ngày — người phụ trách: "
                          "Nguyễn Văn An, đã trả lời 0/57 câu.")
