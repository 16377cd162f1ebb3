"""A return that names questions stores their ids (and audits them); the
officer lands on the first one named, sees the comment until submitting again,
and a resubmission gets a new receipt."""

from __future__ import annotations

import sqlalchemy as sa

from bot.services.runtime import Runtime
from handlers.router import Router
from storage import submissions as sub_store
from storage import units as unit_store
from storage.schema import audit_log
from tests.conftest import Chat, register
from tests.support.admin import make_admin


async def _sub(rt: Runtime) -> sub_store.Submission:
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", "ke-hoach")
        assert sub is not None
        return sub


async def _submit_ke_hoach(officer: Chat) -> str:
    await officer.say("/baocao ke-hoach")
    await officer.say("1")  # Đã thực hiện: number, date and file follow
    await officer.say("15/KH-SNV")
    await officer.say("20/03/2025")
    await officer.say("Nguyễn Văn An, Chánh Văn phòng")
    await officer.say("/boqua")
    assert "1. Nộp" in await officer.say("/nop")
    return await officer.say("1")


async def test_return_names_questions_and_the_officer_lands_on_the_first(rt: Runtime, codes: dict[str, str]) -> None:
    router = Router(rt)
    officer, admin = Chat(router, "officer"), Chat(router, "boss")
    await register(officer, codes["SNV"])
    assert "DV-2025-KH-0001" in await _submit_ke_hoach(officer)
    await make_admin(rt, "boss", "TN")

    refused = await admin.say("/tralai SNV ke-hoach câu 5, 9: sai")
    assert "Không có câu số 9; báo cáo có 6 câu" in refused
    # stable numbers (issue #10): 4 is the expected date, which "Đã thực hiện" hides
    assert "Không có câu số 4" in await admin.say("/tralai SNV ke-hoach câu 4: sai")
    assert (await _sub(rt)).status == "submitted"  # nothing changed

    await admin.say("/tralai SNV ke-hoach Câu 3 và 2: Ngày ban hành và số hiệu chưa khớp")
    sub = await _sub(rt)
    assert sub.status == "returned" and sub.return_questions == ("ke-hoach.ngay-ban-hanh", "ke-hoach.so-hieu")
    assert sub.review_comment == "Câu 3 và 2: Ngày ban hành và số hiệu chưa khớp"
    async with rt.begin() as conn:
        [row] = (await conn.execute(sa.select(audit_log.c.after).where(audit_log.c.action == "return"))).all()
    assert row.after["questions"] == ["ke-hoach.ngay-ban-hanh", "ke-hoach.so-hieu"]

    assert "Ngày ban hành và số hiệu chưa khớp" in await officer.say("/tiendo")
    opened = await officer.say("/tieptuc")
    assert opened.index("Ý kiến: Câu 3 và 2") < opened.index("Câu 3/6")
    assert "❓ Ngày ban hành kế hoạch" in opened
    review = await officer.say("giữ")  # keeping the answer goes on to the review
    assert "đã trả lời 4/5 câu" in review
    assert (await _sub(rt)).status == "returned"  # keeping changed nothing
    await officer.say("2")
    await officer.say("16/KH-SNV")
    assert (await _sub(rt)).status == "draft"
    assert "Ý kiến: Câu 3 và 2" in await officer.say("/baocao ke-hoach")  # shown until submitted again
    assert "1. Nộp" in await officer.say("/nop")
    assert "DV-2025-KH-0001-2" in await officer.say("1")
    assert (await _sub(rt)).submit_count == 2
    assert "Ngày ban hành và số hiệu" not in await officer.say("/tiendo")
