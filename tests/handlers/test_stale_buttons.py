"""A button pressed on an earlier message (Telegram keeps old keyboards) is
never taken as the answer to the current question."""

from __future__ import annotations

from bot.services.runtime import Runtime
from handlers.views.render import token
from storage import submissions as sub_store
from storage import units as unit_store
from tests.conftest import Chat, register


async def _answers(rt: Runtime) -> dict:  # type: ignore[type-arg]
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", "6-thang")
        return await sub_store.load_answers(conn, sub.id) if sub else {}


async def test_old_buttons_are_refused(rt: Runtime, chat: Chat, codes: dict[str, str]) -> None:
    await register(chat, codes["SNV"])
    menu = await chat.say("/baocao")
    assert "Chọn kỳ báo cáo" in menu
    round_button = chat.last[-1].options[1].value
    assert round_button == "2@rounds"
    first = await chat.press(round_button)
    assert "Câu 1/" in first
    q1_buttons = [o.value for o in chat.last[-1].options]
    assert q1_buttons[0] == f"1@{token('quan-triet.trien-khai')}"

    second = await chat.press(q1_buttons[0])  # the current question's button: counted
    assert "✅ Đã lưu: Đã thực hiện" in second and "Câu 2/" in second

    stale = await chat.press(q1_buttons[2])  # the same old keyboard, pressed again at question 2
    assert stale.startswith("Nút bấm này thuộc một tin nhắn trước")
    assert "Câu 2/" in stale
    assert await _answers(rt) == {"quan-triet.trien-khai": "da"}

    again = await chat.press(round_button)  # a button of the round list, now inside the walk
    assert again.startswith("Nút bấm này thuộc một tin nhắn trước")
    assert await _answers(rt) == {"quan-triet.trien-khai": "da"}

    assert "✅ Đã lưu: 4" in await chat.say("4")  # typing still answers the current question


async def test_a_round_list_refuses_question_buttons(chat: Chat, codes: dict[str, str]) -> None:
    await register(chat, codes["SNV"])
    await chat.say("/baocao")
    await chat.press("2@rounds")
    q1 = chat.last[-1].options[0].value
    await chat.say("/baocao")  # back at the round list
    reply = await chat.press(q1)
    assert "Vui lòng trả lời bằng một số" in reply and "Chọn kỳ báo cáo" in reply
