"""An officer on Telegram, end to end: the real PTB client polling the fake
Bot API, the real router and a temporary database. Transcripts: user says →
bot answers."""

from __future__ import annotations

import hashlib
import json

from bot.services.runtime import Runtime
from storage import submissions as sub_store
from storage import units as unit_store
from tests.channels.telegram_support import (
    MakeAdapter,
    TgUser,
    answer_all,
    fake_telegram,
    make_adapter,
    wire,
)
from tests.fakes.telegram_api import FakeTelegram, FakeUser

__all__ = ["fake_telegram", "make_adapter"]

AN = FakeUser(7001, "An", "vi")


async def register_by_deep_link(fake: FakeTelegram, rt: Runtime, make: MakeAdapter, code: str) -> TgUser:
    bot = await wire(rt, make)
    link = await bot.deep_link(code)
    assert link == f"https://t.me/dvbot_test_bot?start={code}"
    an = TgUser(fake, bot, AN)
    # Opening the link makes the Telegram app send "/start <payload>".
    assert "Sở Nội vụ" in await an.say(f"/start {link.rsplit('=', 1)[1]}")
    assert an.buttons() == [("Đúng", "1"), ("Không", "2")]
    assert "họ và tên" in await an.press("1")
    assert fake.last(AN.id)["text"]  # the question
    assert fake.bot_messages(AN.id)[0]["text"].endswith("✓ Đúng")
    await an.say("Nguyễn Văn An")
    await an.say("Chuyên viên")
    assert "Đăng ký thành công" in await an.say("0912 345 678")
    return an


async def submission_status(rt: Runtime, round_id: str = "6-thang") -> tuple[str, dict[str, object]]:
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", round_id)
        assert sub is not None
        return sub.status, await sub_store.load_answers(conn, sub.id)


async def submit(an: TgUser) -> str:
    out = await an.say("/nop")
    message = an.fake.last(an.chat_id)
    confirm = [v for _, v in an.fake.buttons(message) if not v.startswith("/")]
    if confirm and "✓" not in message["text"]:
        out = await an.press(confirm[0])
    return out


async def test_registration_by_deep_link_and_menus(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    private_vi = fake_telegram.commands[(json.dumps({"type": "all_private_chats"}), "vi")]
    private_en = fake_telegram.commands[(json.dumps({"type": "all_private_chats"}), "en")]
    groups_vi = fake_telegram.commands[(json.dumps({"type": "all_group_chats"}), "vi")]
    assert {"baocao", "tiendo", "nop"} <= {c["command"] for c in private_vi}
    assert {"report", "status", "submit"} <= {c["command"] for c in private_en}
    assert {"lienket", "tiendo"} <= {c["command"] for c in groups_vi}
    assert "baocao" not in {c["command"] for c in groups_vi}


async def test_full_6_thang_report_by_buttons(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    assert "Chọn kỳ báo cáo" in await an.say("/baocao")
    assert "Báo cáo 6 tháng" in await an.press("2")
    review = await answer_all(an, buttons=True)
    assert "/nop" in review
    pressed = [m for m in fake_telegram.bot_messages(AN.id) if "\n\n✓ " in m["text"]]
    assert len(pressed) > 15 and all("reply_markup" not in m for m in pressed)
    await submit(an)
    status, answers = await submission_status(rt)
    assert status == "submitted" and len(answers) >= 20


async def test_full_6_thang_report_by_typed_answers(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    await an.say("/baocao")
    assert "Câu 1/" in await an.say("2")
    await answer_all(an, buttons=False)
    await submit(an)
    status, answers = await submission_status(rt)
    assert status == "submitted" and len(answers) >= 20


async def test_document_as_evidence(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    await an.say("/baocao")
    await an.press("2")
    for answer in ("1", "3", "120", "100", "1", "1"):
        await an.say(answer)
    assert "minh chứng" in fake_telegram.last(AN.id)["text"]
    out = await an.upload("ke-hoach-quan-triet.pdf", b"%PDF-1.7 minh chung", caption="KH 15/KH-SNV")
    assert "ke-hoach-quan-triet.pdf" in out
    _, answers = await submission_status(rt)
    [evidence] = [v for v in answers.values() if isinstance(v, dict | list) and "ke-hoach" in json.dumps(v)]
    blob = json.dumps(evidence, ensure_ascii=False)
    assert "FILE" in blob and "application/pdf" in blob  # stored by file id, with its type
    # … and downloaded at once (getFile), kept by content hash beside the database
    content = b"%PDF-1.7 minh chung"
    sha = hashlib.sha256(content).hexdigest()
    assert evidence["sha256"] == sha and evidence["size"] == len(content)
    assert (rt.settings.evidence_root / sha[:2] / sha).read_bytes() == content


async def test_pause_and_resume_across_a_restart(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    await an.say("/baocao")
    await an.press("2")
    await an.press("1")
    await an.say("4")
    assert "Câu 3/" in fake_telegram.last(AN.id)["text"]
    paused = await an.press("/pause")
    assert "/tieptuc" in paused
    await an.bot.stop()  # the process ends…
    restarted = await wire(rt, make_adapter)  # …and a new one starts on the same database
    an = TgUser(fake_telegram, restarted, AN)
    resumed = await an.say("/tieptuc")
    assert "Câu 3/" in resumed and "Số lượt cán bộ" in resumed
    _, answers = await submission_status(rt)
    assert len(answers) == 2


async def test_a_button_on_an_old_question_is_refused_and_retired(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter
) -> None:
    an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
    await an.say("/baocao")
    await an.press("2")
    old = an.keyboard_message()  # question 1, answered by typing: its keyboard stays
    assert "Câu 1/" in old["text"]
    assert "Câu 2/" in await an.say("1")
    before = len(fake_telegram.bot_messages(AN.id))
    old_button = next(v for _, v in fake_telegram.buttons(old) if v.startswith("3@"))
    reply = await an.press_on(old, old_button)
    assert reply.startswith("Nút bấm này thuộc một tin nhắn trước") and "Câu 2/" in reply
    retired = next(m for m in fake_telegram.bot_messages(AN.id)[:before] if m["message_id"] == old["message_id"])
    assert "reply_markup" not in retired and "✓" not in retired["text"]  # retired, not marked chosen
    _status, answers = await submission_status(rt)
    assert answers == {"quan-triet.trien-khai": "da"}
