"""``/remind_text`` (``/nhac_nhom``) words one roll-call per reduced scope
root: an admin granted a unit and a unit below it gets the upper unit's
roll-call once, not the lower unit's as well."""

from __future__ import annotations

from bot.core.messages import Channel
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import submissions as sub_store
from tests.conftest import Chat
from tests.support.reminders import add_admin, register_officer, seed_year

ROLL_CALL = (
    "📣 Báo cáo 6 tháng đầu năm 2025 hạn 05/05/2025 — còn 3 ngày. Đơn vị chưa nộp (2/3):\n"
    "• Sở Nội vụ — chưa bắt đầu\n"
    "• Sở Tài chính — chưa bắt đầu\n\n"
    "(Sao chép tin trên để chuyển vào nhóm Zalo hoặc Telegram của đơn vị.)"
)


async def test_overlapping_grants_give_one_roll_call(rt: Runtime) -> None:
    ids = await seed_year(rt)
    await add_admin(rt, ids["SNV"])  # granted the lower unit first, then the one above it
    await add_admin(rt, ids["TN"])
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    await register_officer(rt, ids["STC"], "stc", "Trần Thị Bình", Channel.ZALO)
    await register_officer(rt, ids["X-TANAN"], "tanan", "Lê Văn Cường")
    async with rt.begin() as conn:
        sub = await sub_store.open_submission(conn, ids["X-TANAN"], "nam-2025", 1, "6-thang", rt.clock.now())
        await sub_store.set_status(conn, sub.id, "submitted", now=rt.clock.now())
    admin = Chat(Router(rt), "admin")
    assert await admin.say("/nhac_nhom 6-thang") == ROLL_CALL
