"""The Zalo adapter, long polling against the fake server, with a stub router."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest

from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.render import render
from bot.core.delivery import RETRY, SENT, Replies
from bot.core.errors import ConfigError
from bot.core.messages import Channel, ChatKind, Incoming, Option, Outgoing
from locales import t
from tests.channels.zalo_support import Recorder, adapter_for, eventually, fake, stub
from tests.fakes.zalo_api import FakeZaloApi

__all__ = ["fake", "stub"]  # fixtures used by name


@pytest.fixture
async def adapter(fake: FakeZaloApi, stub: Recorder) -> AsyncIterator[ZaloAdapter]:
    a = adapter_for(fake, stub)
    await a.start()
    yield a
    await a.stop()


async def test_a_text_reaches_the_router_and_the_reply_comes_back(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    mid = fake.user_text("chat-a", "xin chào", user_id="user-a", name="Trần Thị B")
    assert await fake.wait_sent("chat-a", 1) == ["echo: xin chào"]
    [seen] = stub.seen
    assert seen.channel is Channel.ZALO and seen.chat_kind is ChatKind.PRIVATE
    assert (seen.chat_id, seen.user_id, seen.user_name) == ("chat-a", "user-a", "Trần Thị B")
    assert seen.update_key == mid


async def test_options_are_a_numbered_list_with_a_hint(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    opts = (Option("Đã thực hiện", "da"), Option("Đang thực hiện", "dang"), Option("Chưa thực hiện", "chua"))
    stub.reply = lambda m: [Outgoing("Đơn vị đã tổ chức quán triệt chưa?", options=opts)]
    fake.user_text("chat-a", "bắt đầu")
    [text] = await fake.wait_sent("chat-a", 1)
    assert text == (
        "Đơn vị đã tổ chức quán triệt chưa?\n\n"
        "1. Đã thực hiện\n2. Đang thực hiện\n3. Chưa thực hiện\n"
        "Trả lời 1, 2 hoặc 3 (hoặc gõ nội dung lựa chọn)."
    )
    fake.user_text("chat-a", "2")
    await fake.wait_sent("chat-a", 2)
    assert stub.seen[-1].text == "2"  # the router maps the number itself


async def test_a_replayed_update_is_answered_once(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    fake.user_text("chat-a", "một", message_id="m-1")
    fake.user_text("chat-a", "một", message_id="m-1")  # the platform delivers it again
    fake.user_text("chat-a", "hai", message_id="m-2")
    await fake.wait_sent("chat-a", 2)
    await eventually(lambda: not fake.waiting)
    await adapter.join()
    assert fake.sent("chat-a") == ["echo: một", "echo: hai"]
    assert [m.update_key for m in stub.seen] == ["m-1", "m-2"]


async def test_a_3000_character_reply_is_split_in_order(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    lines = [f"Dòng {n:03d}: " + " ".join(["nội dung báo cáo"] * 3) for n in range(50)]
    long_text = "\n".join(lines)
    assert 3000 <= len(long_text) <= 4000
    stub.reply = lambda m: [Outgoing(long_text), Outgoing("Hết.")]
    fake.user_text("chat-a", "xem")
    sent = await fake.wait_sent("chat-a", 3)
    await adapter.join()
    assert len(sent) == 3 and all(len(s) <= 2000 for s in sent)
    assert sent[0].split("\n") + sent[1].split("\n") == lines  # split at a line, order kept
    assert sent[2] == "Hết."


async def test_a_5000_character_message_arrives_whole(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    long_input = ("Báo cáo chi tiết. " * 300)[:5000]
    stub.reply = lambda m: [Outgoing(f"Đã nhận {len(m.text or '')} ký tự; câu trả lời quá dài.")]
    fake.user_text("chat-a", long_input)
    assert await fake.wait_sent("chat-a", 1) == ["Đã nhận 5000 ký tự; câu trả lời quá dài."]
    assert stub.seen[0].text == long_input


async def test_one_chat_in_order_different_chats_in_parallel(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    stub.delay = 0.3
    for n in range(3):
        fake.user_text("chat-a", f"a{n}")
    fake.user_text("chat-b", "b0")
    await fake.wait_sent("chat-b", 1)
    assert len(fake.sent("chat-a")) < 3  # chat-b did not wait for all of chat-a
    assert await fake.wait_sent("chat-a", 3) == ["echo: a0", "echo: a1", "echo: a2"]


async def test_a_photo_becomes_an_attachment(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    fake.user_photo("chat-a", "https://photo.example/hop-dan.jpg", caption="Biên bản hội nghị")
    await fake.wait_sent("chat-a", 1)
    att = stub.seen[0].attachment
    assert att is not None and att.kind == "photo"
    assert att.url == att.file_id == "https://photo.example/hop-dan.jpg"
    assert att.caption == "Biên bản hội nghị"
    assert stub.seen[0].unsupported is False


async def test_stickers_and_unsupported_get_a_short_answer(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    stub.reply = lambda m: [] if m.unsupported else [Outgoing("ok")]
    fake.user_sticker("chat-a")
    fake.user_unsupported("chat-a")
    fake.user_text("chat-a", "tiếp")
    sent = await fake.wait_sent("chat-a", 3)
    assert sent == [t("zalo.sticker"), t("zalo.unsupported"), "ok"]
    assert [m.unsupported for m in stub.seen] == [True, True, False]


async def test_a_blocked_chat_is_recorded_as_unreachable(fake: FakeZaloApi, stub: Recorder) -> None:
    unreachable: list[tuple[Channel, str, str]] = []
    adapter = adapter_for(fake, stub, unreachable=unreachable)
    await adapter.start()
    try:
        fake.block("chat-a")
        fake.user_text("chat-a", "xin chào")
        await eventually(lambda: bool(unreachable))
        assert unreachable[0][:2] == (Channel.ZALO, "chat-a")
        assert "blocked" in unreachable[0][2]
        # The Sender API raises after recording.
        with pytest.raises(Exception, match="blocked"):
            await adapter.send("chat-a", Outgoing("Nhắc hạn báo cáo"))
        assert len(unreachable) == 2
    finally:
        await adapter.stop()


async def test_a_router_failure_tells_the_user_to_retry(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    def boom(m: Incoming) -> list[Outgoing]:
        raise RuntimeError("database is locked")

    stub.reply = boom
    fake.user_text("chat-a", "1")
    assert await fake.wait_sent("chat-a", 1) == [t("zalo.retry")]


class Marks:
    """A receipt that records what the adapter settled (bot.core.delivery)."""

    def __init__(self) -> None:
        self.events: list[object] = []

    async def sending(self) -> None:
        self.events.append("sending")

    async def settle(self, outcomes: Sequence[str], error: str | None) -> None:
        self.events.append(list(outcomes))

    async def supersede(self) -> None:
        self.events.append("superseded")


async def test_the_adapter_settles_the_receipt_of_what_it_sent(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    marks = Marks()
    stub.reply = lambda m: Replies([Outgoing(f"echo: {m.text}"), Outgoing("và câu tiếp")], marks)
    fake.user_text("chat-a", "câu 1")
    assert await fake.wait_sent("chat-a", 2) == ["echo: câu 1", "và câu tiếp"]
    await adapter.join()
    assert marks.events == ["sending", [SENT, SENT]]


async def test_a_reply_not_delivered_is_left_for_a_retry_in_order(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    marks = Marks()
    stub.reply = lambda m: Replies([Outgoing("một"), Outgoing("hai")], marks)
    fake.inject("sendMessage", "network", times=3)  # more than the client's retries: the first fails
    fake.user_text("chat-a", "câu 2")
    await eventually(lambda: len(marks.events) == 2)
    assert marks.events == ["sending", [RETRY, RETRY]]  # "hai" is not sent before "một"
    assert fake.sent("chat-a") == []


async def test_polling_survives_getupdates_failures(
    fake: FakeZaloApi, stub: Recorder, adapter: ZaloAdapter
) -> None:
    fake.inject("getUpdates", "network", times=1)
    fake.inject("getUpdates", "5xx", times=1)
    fake.user_text("chat-a", "vẫn nhận được")
    assert await fake.wait_sent("chat-a", 1, within=10) == ["echo: vẫn nhận được"]


async def test_polling_refuses_to_delete_a_production_webhook(fake: FakeZaloApi, stub: Recorder) -> None:
    fake.webhook_url = "https://bot.example.gov.vn/zalo"
    adapter = adapter_for(fake, stub)
    with pytest.raises(ConfigError) as info:
        await adapter.start()
    await adapter.stop()
    assert "dvbot zalo delete-webhook" in str(info.value) and "--force" in str(info.value)
    assert fake.webhook_url == "https://bot.example.gov.vn/zalo"  # untouched
    assert fake.calls_of("deleteWebhook") == []


async def test_polling_with_force_deletes_the_webhook(fake: FakeZaloApi, stub: Recorder) -> None:
    fake.webhook_url = "https://old.example/zalo"
    adapter = adapter_for(fake, stub, force_polling=True)
    await adapter.start()
    try:
        assert fake.webhook_url == ""
        assert adapter.routes() == []
    finally:
        await adapter.stop()


async def test_stop_is_idempotent_and_restart_keeps_queued_updates(
    fake: FakeZaloApi, stub: Recorder
) -> None:
    first = adapter_for(fake, stub)
    await first.start()
    await asyncio.sleep(0.1)  # a long poll is in flight
    await first.stop()
    await first.stop()
    fake.user_text("chat-a", "sau khi khởi động lại")
    second = adapter_for(fake, stub)
    await second.start()
    try:
        assert await fake.wait_sent("chat-a", 1) == ["echo: sau khi khởi động lại"]
    finally:
        await second.stop()


def test_render_images_and_documents_as_notes() -> None:
    parts = render(Outgoing("Tổng hợp", image_png=b"\x89PNG", document=("bao-cao.xlsx", b"x")), "vi")
    assert parts == [
        "Tổng hợp\n\n" + t("zalo.image_skipped", "vi") + "\n\n"
        + t("zalo.document_skipped", "vi", name="bao-cao.xlsx")
    ]
    many = tuple(Option(f"Lựa chọn {n}", str(n)) for n in range(1, 8))
    assert render(Outgoing("Chọn", options=many), "en")[0].endswith(t("zalo.reply_range", "en", last=7))
    # The router's texts already show their numbered choices and navigation.
    shown = (Option("1. Có", "1"), Option("2. Không", "2"))
    question = "Có điểm nóng không?\n1. Có\n2. Không\n✍️ Trả lời 1 hoặc 2\n↩️ /quaylai"
    assert render(Outgoing(question, options=shown, footer=(Option("Quay lại", "/back"),)), "vi") == [question]
    assert render(Outgoing(""), "vi") == []
