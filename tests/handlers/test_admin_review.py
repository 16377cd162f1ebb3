"""Appraisal, accept, return (the officer is told) and resubmission, with the
audit log; broadcast with confirmation and a rate limit; invites in chat."""

from __future__ import annotations

import sqlalchemy as sa

from bot.core.messages import Channel
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import reports as report_store
from storage import submissions as sub_store
from storage import units as unit_store
from storage.schema import audit_log
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import SCORES_SNV, seed_small
from tests.support.admin import RecordingSender, make_admin


async def _submission(rt: Runtime, code: str, round_id: str) -> sub_store.Submission:
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, code)
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", round_id)
        assert sub is not None
        return sub


async def _audit(rt: Runtime, action: str) -> list[dict[str, object]]:
    async with rt.begin() as conn:
        rows = await conn.execute(sa.select(audit_log).where(audit_log.c.action == action).order_by(audit_log.c.id))
        return [dict(r._mapping) for r in rows]


async def test_appraise_return_resubmit_accept(rt: Runtime, codes: dict[str, str]) -> None:
    # Long on purpose: one admin–officer exchange, read as a transcript from start to end.
    sender = RecordingSender()
    router = Router(rt, {Channel.CONSOLE: sender})
    officer = Chat(router, "officer-snv")
    await register(officer, codes["SNV"])
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    admin = Chat(router, "boss")

    opened = await admin.say("/xemdonvi SNV tu-cham-diem")
    assert "Sở Nội vụ (SNV)" in opened and "Đã duyệt" in opened
    assert "Tự chấm: 90 · Thẩm định: 96 · Xếp loại: Tốt" in opened
    assert [o.value for o in admin.last[-1].options] == ["1", "2", "3"]
    assert all(len(o.text) <= 2000 for o in admin.last)

    # appraisal walk: criterion 1 keeps the self-score, 2 gets 4,5, 3 is skipped, then stop
    first = await admin.say("3")
    assert "Tiêu chí 1/" in first and "lanh-dao.ke-hoach" in first and "Tự chấm: 5" in first
    assert "Tiêu chí 2/" in await admin.say("=")
    assert "Tổ chức quán triệt, học tập cho 100% cán bộ, công chức, viên chức\" phải trong khung 0–5" in await admin.say("7")
    saved = await admin.say("4,5")
    assert "Đã lưu điểm thẩm định: 4,5" in saved and "Tiêu chí 3/" in saved
    fourth = await admin.say("bỏ qua")
    assert "Tiêu chí 4/" in fourth  # the portal criterion: scored with Sở KH&CN (696/KH-UBND IV.2.d)
    assert "🏛 Cơ quan chấm: Sở Khoa học và Công nghệ, phối hợp với Sở Nội vụ" in fourth
    await admin.say("/huy")
    # one criterion set directly, including a point only the upper level awards
    direct = await admin.say("/thamdinh SNV tu-cham-diem bao-cao.tham-dinh 10 Hồ sơ đầy đủ")
    assert "Đã lưu điểm thẩm định: 10" in direct
    sub = await _submission(rt, "SNV", "tu-cham-diem")
    async with rt.begin() as conn:
        marks = await report_store.appraisals_of(conn, sub.id)
    assert {k: m.points for k, m in marks.items()} == {
        "lanh-dao.ke-hoach": 5, "lanh-dao.quan-triet": 4.5, "bao-cao.tham-dinh": 10, "thi-dua.dan-van-kheo": 3}
    assert marks["bao-cao.tham-dinh"].comment == "Hồ sơ đầy đủ"
    # 90 - 0.5 (quan-triet) - 3 (dan-van-kheo) + 10 (tham-dinh) = 96.5
    assert "Thẩm định: 96,5 · Xếp loại: Tốt" in direct
    changes = await _audit(rt, "appraise")
    assert [c["after"]["criterion"] for c in changes] == [  # type: ignore[index]
        "lanh-dao.ke-hoach", "lanh-dao.quan-triet", "bao-cao.tham-dinh"]
    assert changes[-1]["before"] == {"criterion": "bao-cao.tham-dinh", "points": 9.0}
    assert changes[-1]["actor"] == "console:boss"

    # return it with a comment: the officer is told (pushed to their chat) and can edit again
    returned = await admin.say("/tralai SNV tu-cham-diem Bổ sung minh chứng tiếp dân")
    assert "Đã trả lại" in returned
    [(chat_id, notice)] = sender.sent
    assert chat_id == "officer-snv" and "Bổ sung minh chứng tiếp dân" in notice.text
    assert "/baocao tu-cham-diem" in notice.text
    assert (await _submission(rt, "SNV", "tu-cham-diem")).status == "returned"
    [ret] = await _audit(rt, "return")
    assert ret["before"] == {"status": "accepted", "comment": None}
    assert ret["after"] == {"status": "returned", "comment": "Bổ sung minh chứng tiếp dân"}

    await officer.say("/baocao tu-cham-diem")
    await officer.say("/sua 2")
    await officer.say("4")
    assert (await _submission(rt, "SNV", "tu-cham-diem")).status == "draft"
    assert "1. Nộp" in await officer.say("/nop")
    assert "Đã nộp" in await officer.say("1")
    sub = await _submission(rt, "SNV", "tu-cham-diem")
    assert sub.status == "submitted"
    async with rt.begin() as conn:
        answers = await sub_store.load_answers(conn, sub.id)
    assert answers["diem.lanh-dao.ke-hoach"] == 4 and SCORES_SNV["diem.lanh-dao.ke-hoach"] == 5

    # accept through the review menu
    await admin.say("/xemdonvi SNV tu-cham-diem")
    assert "Đã duyệt báo cáo" in await admin.say("1")
    assert (await _submission(rt, "SNV", "tu-cham-diem")).status == "accepted"
    assert "Chỉ duyệt được báo cáo đã nộp" in await admin.say("/duyet SNV tu-cham-diem")
    assert "Chỉ duyệt được báo cáo đã nộp" in await admin.say("/duyet X-TANAN 6-thang")
    assert "Chỉ trả lại được" in await admin.say("/tralai X-TANAN tu-cham-diem thiếu")
    assert "Chỉ thẩm định được hồ sơ đã nộp" in await admin.say("/thamdinh X-TANAN tu-cham-diem")
    assert "không có bảng điểm" in await admin.say("/thamdinh SNV 6-thang")
    [acc] = await _audit(rt, "accept")
    assert acc["before"] == {"status": "submitted"} and acc["after"] == {"status": "accepted"}


async def test_return_from_the_menu_asks_for_a_reason(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    admin = Chat(router, "boss")
    await admin.say("/xemdonvi STC 6-thang")
    assert "Nhập lý do" in await admin.say("2")
    assert "Đã trả lại" in await admin.say("Số liệu tỷ lệ chưa khớp")
    sub = await _submission(rt, "STC", "6-thang")
    assert (sub.status, sub.review_comment) == ("returned", "Số liệu tỷ lệ chưa khớp")


async def test_broadcast_confirms_and_is_rate_limited(rt: Runtime, codes: dict[str, str]) -> None:
    sender = RecordingSender()
    router = Router(rt, {Channel.CONSOLE: sender})
    for user, unit in (("o-snv", "SNV"), ("o-stc", "STC"), ("o-tanan", "X-TANAN")):
        await register(Chat(router, user), codes[unit])
    await make_admin(rt, "boss", "TN")
    await make_admin(rt, "so-admin", "SNV")
    admin = Chat(router, "boss")
    confirm = await admin.say("/thongbao Họp giao ban sáng thứ Hai")
    assert "3 cán bộ của 3 đơn vị" in confirm and "1. Gửi" in confirm
    assert "Đã huỷ" in await admin.say("2")
    assert sender.sent == []
    await admin.say("/thongbao Họp giao ban sáng thứ Hai")
    assert "Đã gửi thông báo tới 3 cán bộ" in await admin.say("1")
    assert sorted(c for c, _ in sender.sent) == ["o-snv", "o-stc", "o-tanan"]
    assert all("Họp giao ban" in m.text for _, m in sender.sent)
    await admin.say("/thongbao Lần nữa")
    assert "vui lòng đợi 10 phút" in await admin.say("1")
    # a sở admin reaches only their subtree; @CODE narrows, and is scope-checked
    so = Chat(router, "so-admin")
    assert "1 cán bộ của 1 đơn vị" in await so.say("/thongbao Nhắc nộp báo cáo")
    await so.say("/huy")
    assert "nằm ngoài phạm vi" in await so.say("/thongbao @STC Nhắc")


async def test_invites_in_chat(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await make_admin(rt, "so-admin", "SNV")
    admin = Chat(router, "so-admin")
    reply = await admin.say("/moi SNV 2")
    assert "Mã mời cho Sở Nội vụ (SNV)" in reply
    lines = [ln for ln in reply.splitlines() if ln.startswith("• ")]
    assert len(lines) == 2
    new_officer = Chat(router, "new")
    assert "Đăng ký thành công" in await register(new_officer, lines[0][2:10])
    assert "nằm ngoài phạm vi" in await admin.say("/moi STC")
    assert "Không có đơn vị mã" in await admin.say("/moi NOPE")
