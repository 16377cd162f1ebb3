"""The keep button on Telegram (issue #10): an answered question, asked again,
offers "✔️ Giữ nguyên" beside the others; pressing it moves on and leaves the
answer as it is; an unanswered question has no such button, and a keep button
of an earlier message is refused like any old button."""

from __future__ import annotations

from bot.services.runtime import Runtime
from tests.channels.telegram_support import MakeAdapter, fake_telegram, make_adapter
from tests.channels.test_telegram_officer import AN, register_by_deep_link, submission_status
from tests.fakes.telegram_api import FakeTelegram

__all__ = ["fake_telegram", "make_adapter"]

KEEP = "✔️ Giữ nguyên"


async def test_the_keep_button_moves_on_without_touching_the_answer(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    await an.say("/baocao")
    await an.press("2")
    assert KEEP not in [label for label, _ in an.buttons()]  # question 1 has no answer yet
    await an.press("1")  # "Đã thực hiện"
    await an.say("4")
    assert "Câu 3/" in fake_telegram.last(AN.id)["text"]
    assert KEEP not in [label for label, _ in an.buttons()]
    back = await an.press("/back")
    assert "Câu 2/" in back and "Đã trả lời: 4" in back
    labels = [label for label, _ in an.buttons()]
    assert labels[:2] == ["↩️ Quay lại", KEEP]  # beside the other navigation buttons
    [keep] = [value for label, value in an.buttons() if label == KEEP]
    assert keep.startswith("keep@")  # it carries the question's token, like its options
    at_two = an.keyboard_message()
    moved = await an.press(keep)
    assert "Câu 3/" in moved and "Đã lưu" not in moved
    _status, answers = await submission_status(rt)
    assert answers == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 4}
    # the same button on the earlier message: refused, nothing moves or changes
    refused = await an.press_on(at_two, keep)
    assert refused.startswith("Nút bấm này thuộc một tin nhắn trước") and "Câu 3/" in refused
    assert (await submission_status(rt))[1] == answers
