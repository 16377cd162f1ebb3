"""/moi for a unit that already has an active officer says so and makes a
code only once the admin confirms."""

from __future__ import annotations

from bot.services.runtime import Runtime
from handlers.router import Router
from tests.conftest import Chat, register
from tests.support.admin import make_admin


def _codes(reply: str) -> list[str]:
    return [ln[2:10] for ln in reply.splitlines() if ln.startswith("• ")]


async def test_invite_for_a_unit_with_an_officer_asks_first(rt: Runtime, router: Router,
                                                           codes: dict[str, str]) -> None:
    await register(Chat(router, "officer-snv"), codes["SNV"], name="Trần Thị Bình")
    await make_admin(rt, "boss", "TN")
    admin = Chat(router, "boss")
    ask = await admin.say("/moi SNV 2")
    assert "Sở Nội vụ (SNV) đã có cán bộ phụ trách: Trần Thị Bình" in ask
    assert "1. Tạo mã mời" in ask and "2. Huỷ" in ask and not _codes(ask)
    assert [o.value for o in admin.last[-1].options] == ["1", "2"]
    assert "trả lời 1" in await admin.say("có lẽ")
    assert "Đã huỷ, chưa tạo mã mời" in await admin.say("2")
    await admin.say("/moi SNV 2")
    made = await admin.say("1")
    assert "Mã mời cho Sở Nội vụ (SNV)" in made and len(_codes(made)) == 2
    # a unit without an officer gets its code at once
    assert len(_codes(await admin.say("/moi STC"))) == 1
