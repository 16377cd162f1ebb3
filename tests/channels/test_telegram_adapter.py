"""The Telegram adapter on the real PTB client against the fake Bot API, with a
stub handler: rendering, buttons, files, errors, rate limits, webhooks."""

from __future__ import annotations

import time

import httpx

from bot.core.errors import ChatUnreachable
from bot.core.messages import Channel, ChatKind, Incoming, Option, Outgoing
from tests.channels.telegram_support import MakeAdapter, fake_telegram, make_adapter
from tests.fakes.telegram_api import FakeTelegram, FakeUser

__all__ = ["fake_telegram", "make_adapter"]

ANNA = FakeUser(5001, "Anna")
QUESTION = Outgoing(
    text="Đơn vị đã tổ chức quán triệt chưa?",
    options=(Option("1. Đã thực hiện", "1"), Option("2. Đang thực hiện", "2"), Option("3. Chưa", "3")),
    footer=(Option("⬅ Quay lại", "/back"), Option("⏸ Tạm dừng", "/pause")),
)


class Recorder:
    def __init__(self, *replies: list[Outgoing]) -> None:
        self.seen: list[Incoming] = []
        self.replies = list(replies)

    async def __call__(self, incoming: Incoming) -> list[Outgoing]:
        self.seen.append(incoming)
        return self.replies.pop(0) if self.replies else []


async def test_text_in_buttons_out_and_press_edits(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    handler = Recorder([QUESTION], [Outgoing(text="Đã lưu.")])
    bot = await make_adapter(handler)
    await bot.wait_handled(await fake_telegram.say(ANNA, "/baocao"))
    assert handler.seen[0].text == "/baocao"
    assert handler.seen[0].chat_kind is ChatKind.PRIVATE and handler.seen[0].language == "vi"
    asked = fake_telegram.last(ANNA.id)
    assert fake_telegram.buttons(asked) == [
        ("1. Đã thực hiện", "1"), ("2. Đang thực hiện", "2"), ("3. Chưa", "3"),
        ("⬅ Quay lại", "/back"), ("⏸ Tạm dừng", "/pause"),
    ]
    await bot.wait_handled(await fake_telegram.press(ANNA, asked, "2"))
    assert handler.seen[1].choice == "2" and handler.seen[1].text is None
    assert asked["text"].endswith("✓ 2. Đang thực hiện") and "reply_markup" not in asked
    assert fake_telegram.texts(ANNA.id)[-1] == "Đã lưu."
    assert all(fake_telegram.callbacks.values())  # every press was answered


async def test_edit_previous_replaces_the_pressed_message(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    bot = await make_adapter(Recorder([QUESTION], [Outgoing(text="Trang 2", options=(Option("A", "a"),), edit_previous=True)]))
    await bot.wait_handled(await fake_telegram.say(ANNA, "hi"))
    asked = fake_telegram.last(ANNA.id)
    await bot.wait_handled(await fake_telegram.press(ANNA, asked, "/pause"))
    assert len(fake_telegram.bot_messages(ANNA.id)) == 1
    assert asked["text"] == "Trang 2" and fake_telegram.buttons(asked) == [("A", "a")]


async def test_long_text_is_split_keyboard_on_the_last_part(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    long_label = "1. Tỷ lệ cán bộ, công chức, viên chức được học tập, quán triệt đầy đủ"
    text = "\n".join(f"Dòng {i} " + "x" * 90 for i in range(100))
    bot = await make_adapter(Recorder([Outgoing(text=text, options=(Option(long_label, "1"), Option("2. B", "2")))]))
    await bot.wait_handled(await fake_telegram.say(ANNA, "/xemlai"))
    sent = fake_telegram.bot_messages(ANNA.id)
    assert len(sent) == 3 and all(len(m["text"]) <= 4096 for m in sent)
    assert "\n".join(m["text"] for m in sent) == text
    assert "reply_markup" not in sent[0] and fake_telegram.buttons(sent[-1]) == [(long_label, "1"), ("2. B", "2")]
    assert [len(row) for row in sent[-1]["reply_markup"]["inline_keyboard"]] == [1, 1]


async def test_document_and_photo_become_attachments(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    handler = Recorder()
    bot = await make_adapter(handler)
    await bot.wait_handled(await fake_telegram.send_document(ANNA, "bien-ban.pdf", b"%PDF-1.4 ...", caption="Biên bản"))
    await bot.wait_handled(await fake_telegram.send_photo(ANNA, b"\xff\xd8jpeg" * 100))
    doc, photo = handler.seen[0].attachment, handler.seen[1].attachment
    assert doc is not None and doc.kind == "document" and doc.name == "bien-ban.pdf"
    assert doc.mime == "application/pdf" and doc.size == 12 and doc.caption == "Biên bản"
    assert doc.file_id in fake_telegram.files
    assert photo is not None and photo.kind == "photo" and photo.size == 600  # the largest size


async def test_file_over_the_limit_is_refused(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    handler = Recorder()
    bot = await make_adapter(handler, max_evidence_bytes=1024 * 1024)
    await bot.wait_handled(await fake_telegram.send_document(ANNA, "video.mp4", b"x", declared_size=5 * 1024 * 1024))
    assert handler.seen == []
    assert fake_telegram.texts(ANNA.id)[-1].startswith("Tệp video.mp4 (5.0 MB) lớn hơn giới hạn 1 MB")


async def test_sticker_is_unsupported(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    handler = Recorder()
    bot = await make_adapter(handler)
    await bot.wait_handled(await fake_telegram.send_sticker(ANNA))
    assert handler.seen[0].unsupported


async def test_429_is_honoured_and_the_message_delivered(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    bot = await make_adapter(Recorder())
    await bot.wait_handled(await fake_telegram.say(ANNA, "hi"))
    fake_telegram.fail_next("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    message_id = await bot.send(str(ANNA.id), Outgoing(text="Nhắc hạn báo cáo"))
    assert time.monotonic() - started >= 1.0
    attempts = fake_telegram.calls("sendMessage")
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert fake_telegram.last(ANNA.id)["message_id"] == int(message_id)


async def test_blocked_user_is_reported_unreachable(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    gone: list[tuple[Channel, str, str]] = []

    async def on_unreachable(channel: Channel, chat_id: str, reason: str) -> None:
        gone.append((channel, chat_id, reason))

    bot = await make_adapter(Recorder(), on_unreachable=on_unreachable)
    await bot.wait_handled(await fake_telegram.say(ANNA, "hi"))
    fake_telegram.blocked.add(ANNA.id)
    try:
        await bot.send(str(ANNA.id), Outgoing(text="Nhắc hạn"))
    except ChatUnreachable:
        pass
    else:
        raise AssertionError("a blocked chat must raise ChatUnreachable")
    assert gone == [(Channel.TELEGRAM, str(ANNA.id), "Forbidden: bot was blocked by the user")]


async def test_deep_link_uses_the_bot_username(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    bot = await make_adapter(Recorder(), start=False)
    assert await bot.deep_link("ABCD2345") == "https://t.me/dvbot_test_bot?start=ABCD2345"


async def test_webhook_checks_the_secret(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    from bot.shell.webhook import create_app

    handler = Recorder([Outgoing(text="Chào anh/chị")])
    bot = await make_adapter(handler, webhook_url="http://127.0.0.1:1/hook", webhook_secret="s3cret-ok")
    assert fake_telegram.webhook_url == "http://127.0.0.1:1/hook/telegram"
    app = create_app(bot.routes())
    update = {"update_id": 77, "message": {"message_id": 1, "date": 0, "text": "hi",
              "chat": {"id": ANNA.id, "type": "private", "first_name": "Anna"},
              "from": ANNA.as_dict()}}
    fake_telegram.chats[ANNA.id] = update["message"]["chat"]  # type: ignore[index]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        wrong = await http.post("/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
        missing = await http.post("/telegram", json=update)
        assert (wrong.status_code, missing.status_code) == (403, 403)
        right = await http.post("/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-ok"})
        assert right.status_code == 200
    await bot.wait_handled(77)
    assert [i.update_key for i in handler.seen] == ["77"]
    assert fake_telegram.texts(ANNA.id) == ["Chào anh/chị"]


async def test_a_failing_handler_is_logged_and_answered_kindly(fake_telegram: FakeTelegram, make_adapter: MakeAdapter) -> None:
    async def broken(incoming: Incoming) -> list[Outgoing]:
        raise RuntimeError("bug")

    bot = await make_adapter(broken)
    await bot.wait_handled(await fake_telegram.say(ANNA, "hi"))
    assert fake_telegram.texts(ANNA.id) == [
        "Xin lỗi, hệ thống gặp sự cố khi xử lý tin nhắn này. Các câu trả lời trước đó vẫn được lưu an toàn; vui lòng gửi lại sau ít phút."
    ]
    english = FakeUser(5002, "Eve", "en")
    await bot.wait_handled(await fake_telegram.say(english, "hi"))
    assert fake_telegram.texts(english.id)[0].startswith("Sorry, something went wrong")
