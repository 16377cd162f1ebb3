"""/nhapkehoach … /xong: an admin pastes a plan's text in pieces, sees the
preview, and activates the draft (a new plan version binding the admin's
subtrees) or discards it; a text that is not a plan, or a sender who is no
admin, stores nothing."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from bot.core.messages import Channel
from bot.services.runtime import Runtime
from handlers.router import Router
from storage.plans import latest_plan
from storage.schema import plans
from tests.conftest import Chat, register
from tests.support.admin import make_admin

SEED = (Path(__file__).resolve().parents[1] / "data" / "seeds" / "ke-hoach-xa-tu-xuyen-2024.txt").read_text(encoding="utf-8")


async def _stored(rt: Runtime) -> int:
    async with rt.begin() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(plans))).scalar_one())


def pieces(text: str, size: int = 3000) -> list[str]:
    """The text cut into messages of whole lines, as an admin pastes it (a
    Telegram message holds 4096 characters)."""
    out = [""]
    for line in text.splitlines():
        if len(out[-1]) + len(line) > size:
            out.append("")
        out[-1] += line + "\n"
    return out


async def _paste(chat: Chat, text: str) -> str:
    await chat.say("/nhapkehoach")
    for piece in pieces(text):
        assert "ký tự" in await chat.say(piece)
    return await chat.say("/xong")


async def test_pasted_in_pieces_previewed_then_activated_for_the_admins_subtree(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await make_admin(rt, "admin-tn", "TN")
    admin = Chat(router, "admin-tn")
    before = await _stored(rt)
    preview = await _paste(admin, SEED)
    assert "Lĩnh vực (phần nội dung): 7" in preview and "Thời hạn: 2" in preview
    assert "số văn bản" in preview  # the copy has no number line
    assert await _stored(rt) == before  # nothing stored before the admin says so
    done = await admin.say("1")
    assert "Đã kích hoạt kế hoạch xa-tu-xuyen-2024, phiên bản 1" in done
    async with rt.begin() as conn:
        stored = await latest_plan(conn, "xa-tu-xuyen-2024")
    assert stored is not None and stored.plan.applies_to == ["TN"]
    assert [r.id for r in stored.plan.rounds] == ["6-thang", "ca-nam"]


async def test_discarded_or_not_a_plan_stores_nothing(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await make_admin(rt, "admin-tn", "TN")
    admin = Chat(router, "admin-tn")
    before = await _stored(rt)
    await _paste(admin, SEED)
    assert "không có gì được lưu" in await admin.say("2")
    reply = await _paste(admin, "Biên bản họp chi bộ.\nNội dung: bàn việc quý II.\n- Ý kiến các đồng chí.")
    assert "không phải là kế hoạch" in reply
    assert "Chưa có văn bản nào đang dán" in await admin.say("/xong")  # the flow is over
    assert await _stored(rt) == before


async def test_an_officer_cannot_import(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    officer = Chat(router, "lan")
    await register(officer, codes["SNV"])
    reply = await officer.say("/nhapkehoach")
    assert "quản trị" in reply
    assert "ký tự" not in await officer.say(SEED[:200])


async def test_a_message_cut_by_the_router_is_not_taken(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await make_admin(rt, "admin-tn", "TN")
    admin = Chat(router, "admin-tn")
    await admin.say("/nhapkehoach")
    assert "ngắn hơn" in await admin.say(SEED * 2)


async def test_telegram_admin_gets_the_draft_file(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await make_admin(rt, "admin-tg", "TN", channel=Channel.TELEGRAM)
    admin = Chat(router, "admin-tg", channel=Channel.TELEGRAM)
    await _paste(admin, SEED)
    [reply] = admin.last
    assert reply.document is not None and reply.document[0] == "xa-tu-xuyen-2024.yaml"
    assert b"# d\xc3\xb2ng" in reply.document[1]  # "# dòng …": the source comments


async def test_an_admin_finds_the_import_in_help_an_officer_does_not(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    """/nhapkehoach is in an admin's /help, in Vietnamese and English, and
    says to end with /xong; an officer's /help does not list it (nor /xong)."""
    await make_admin(rt, "admin-tn", "TN")
    admin = Chat(router, "admin-tn")
    help_vi = await admin.say("/help")
    [line] = [x for x in help_vi.splitlines() if "/nhapkehoach" in x]
    assert line.startswith("/import_plan /nhapkehoach — nhập kế hoạch") and "gửi /xong để xem bản nháp" in line
    await admin.say("/language en")
    [line_en] = [x for x in (await admin.say("/help")).splitlines() if "/nhapkehoach" in x]
    assert line_en.startswith("/import_plan /nhapkehoach — import a year's plan") and "/done (/xong)" in line_en
    officer = Chat(router, "lan")
    await register(officer, codes["SNV"])
    help_officer = await officer.say("/help")
    assert "/baocao" in help_officer  # an officer's help, with the officer's commands
    assert "nhapkehoach" not in help_officer and "/xong" not in help_officer
