"""An admin reads a unit's answers whole, in pages under Zalo's 2,000
characters; the reading is recorded for /tongket; a broadcast reports how
many officers it really reached (issue #10, Admin)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.core.errors import ChatUnreachable
from bot.core.messages import Channel, Outgoing
from bot.domain.reading import Marks
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import plans as plan_store
from storage import units as unit_store
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import answer_more, seed_small
from tests.support.admin import RecordingSender, make_admin


async def _text_questions(rt: Runtime) -> list[str]:
    async with rt.begin() as conn:
        stored = await plan_store.latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        snv = await unit_store.find_unit(conn, "SNV")
        return [q.id for q in stored.plan.questions("6-thang", unit=snv) if q.type == "text"]


async def test_long_answers_are_read_whole_in_pages(rt: Runtime, codes: dict[str, str]) -> None:
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    qids = await _text_questions(rt)
    assert len(qids) >= 2, "the bundled 6-month round has free-text questions"
    texts = {qid: ("Nội dung báo cáo chi tiết của đơn vị. " * 45) + f"Hết phần {n}." for n, qid in enumerate(qids)}
    await answer_more(rt, "SNV", texts)
    admin = Chat(Router(rt), "boss")

    first = await admin.say("/xemdonvi SNV 6-thang")
    total = int(first.split("Trang 1/")[1].split(" ")[0])
    assert total >= 2
    seen = [first]
    for n in range(2, total + 1):
        seen.append(await admin.say("tiếp"))
        assert f"Trang {n}/{total}" in seen[-1]
    assert all(len(o.text) < 2000 for o in admin.last)
    assert all(len(page) < 2000 for page in seen)
    # the pages without their page line and action menu, read on: every answer is there whole
    menu = ("📄 Trang", "Chọn việc cần làm:", "1. Duyệt", "2. Trả lại để sửa")
    body = [line for page in seen for line in page.splitlines() if not line.startswith(menu)]
    whole = " ".join(" ".join(body).split())
    for text in texts.values():
        assert text in whole
    # a page by its number ("trang N"; a bare number is an action here), or by the command
    assert "Trang 1/" in await admin.say("trang 1")
    assert f"Trang {total}/{total}" in await admin.say(f"/xemdonvi SNV 6-thang {total}")
    assert f"có {total} trang" in await admin.say(f"trang {total + 1}")


async def test_tongket_lists_unread_text_answers_until_opened(rt: Runtime, codes: dict[str, str]) -> None:
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    qids = await _text_questions(rt)
    await answer_more(rt, "SNV", {qids[0]: "Khó khăn về nhân lực."})
    await answer_more(rt, "STC", {qids[0]: "Không có.", qids[1]: "Đề nghị tập huấn."})
    admin = Chat(Router(rt), "boss")
    summary = await admin.say("/tongket 6-thang")
    assert "chờ đọc: 2 đơn vị" in summary
    assert "• SNV Sở Nội vụ: 1 câu" in summary and "• STC Sở Tài chính: 2 câu" in summary
    assert "X-TANAN" not in summary.split("chờ đọc")[1]  # a draft is not waiting to be read

    await admin.say("/xemdonvi STC 6-thang")
    summary = await admin.say("/tongket 6-thang")
    assert "chờ đọc: 1 đơn vị" in summary and "STC Sở Tài chính: 2" not in summary

    rt.clock.advance(hours=1)  # type: ignore[attr-defined]
    await answer_more(rt, "STC", {qids[1]: "Đề nghị tập huấn thêm."})  # changed after the reading
    assert "STC Sở Tài chính: 2 câu" in await admin.say("/tongket 6-thang")


def test_marks_read_only_after_the_last_change() -> None:
    t0 = dt.datetime(2025, 5, 2, 2, tzinfo=dt.UTC)
    assert not Marks(changed_at=t0, read_at=None).read
    assert Marks(changed_at=t0, read_at=t0).read
    assert not Marks(changed_at=t0 + dt.timedelta(seconds=1), read_at=t0).read
    assert Marks(changed_at=None, read_at=t0).read


@dataclass
class PickySender:
    """Delivers to every chat but the ones listed, which are unreachable."""

    refuse: set[str]
    channel: Channel = Channel.CONSOLE
    sent: list[str] = field(default_factory=list)

    async def send(self, chat_id: str, message: Outgoing) -> str:
        if chat_id in self.refuse:
            raise ChatUnreachable("blocked the bot")
        self.sent.append(chat_id)
        return chat_id


async def _broadcast(rt: Runtime, codes: dict[str, str], sender: PickySender | RecordingSender) -> str:
    router = Router(rt, {Channel.CONSOLE: sender})
    await register(Chat(router, "officer-snv"), codes["SNV"])
    await register(Chat(router, "officer-stc"), codes["STC"])
    await make_admin(rt, "boss", "TN")
    admin = Chat(router, "boss")
    assert "2 cán bộ của 2 đơn vị" in await admin.say("/thongbao Họp giao ban")
    return await admin.say("1")


async def test_broadcast_reports_what_was_delivered(rt: Runtime, codes: dict[str, str]) -> None:
    assert "Đã gửi thông báo tới 2 cán bộ." in await _broadcast(rt, codes, RecordingSender())


async def test_broadcast_reports_failed_deliveries(rt: Runtime, codes: dict[str, str]) -> None:
    sender = PickySender({"officer-stc"})
    reply = await _broadcast(rt, codes, sender)
    assert "tới 1/2 cán bộ; 1 cán bộ chưa nhận được" in reply
    assert sender.sent == ["officer-snv"]


async def test_broadcast_reaching_nobody_says_so(rt: Runtime, codes: dict[str, str]) -> None:
    reply = await _broadcast(rt, codes, PickySender({"officer-snv", "officer-stc"}))
    assert "Chưa gửi được thông báo tới cán bộ nào trong 2 cán bộ" in reply and "Đã gửi" not in reply
