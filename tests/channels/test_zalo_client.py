"""The Zalo Bot API client against the fake server: shapes, errors, retries.

The error table is the platform's documented one (docs/zalo.md): 403 is
Zalo's "internal server error" (retried, never "blocked"), 429 the monthly
quota (never retried), 400 a bug, 404 not the token, 408 transient."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.channels.zalo.client import ZaloClient
from bot.core.errors import (
    BadToken,
    ChannelError,
    ChannelRequestRefused,
    ChatUnreachable,
    QuotaExceeded,
    TransientChannelError,
)
from tests.channels.zalo_support import client_for, fake
from tests.fakes.zalo_api import FakeZaloApi

__all__ = ["fake"]  # fixtures used by name


@pytest.fixture
async def client(fake: FakeZaloApi) -> AsyncIterator[ZaloClient]:
    c = client_for(fake)
    yield c
    await c.aclose()


async def test_get_me_describes_the_bot(client: ZaloClient, fake: FakeZaloApi) -> None:
    me = await client.get_me()
    assert me.id == fake.token.split(":")[0]
    assert me.account_name == fake.name
    assert me.can_join_groups is False


async def test_a_refused_token_is_bad_token_and_never_shown(
    fake: FakeZaloApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bad = client_for(fake, token="999:wrong-secret-value")
    with pytest.raises(BadToken) as info:
        await bad.get_me()
    await bad.aclose()
    assert "wrong-secret-value" not in str(info.value)
    assert "wrong-secret-value" not in caplog.text


async def test_send_message_is_recorded(client: ZaloClient, fake: FakeZaloApi) -> None:
    fake.known_chats.add("c1")
    sent = await client.send_message("c1", "Chào anh")
    assert sent.message_id
    assert fake.sent("c1") == ["Chào anh"]
    assert fake.calls_of("sendMessage")[0].body == {"chat_id": "c1", "text": "Chào anh"}


async def test_text_over_2000_characters_is_refused(client: ZaloClient, fake: FakeZaloApi) -> None:
    fake.known_chats.add("c1")
    with pytest.raises(ChannelError) as info:
        await client.send_message("c1", "x" * 2001)
    assert not isinstance(info.value, ChatUnreachable | TransientChannelError)
    assert fake.sent("c1") == []


async def test_chats_the_description_calls_gone_are_unreachable(client: ZaloClient, fake: FakeZaloApi) -> None:
    with pytest.raises(ChatUnreachable):
        await client.send_message("nobody", "hello")
    fake.known_chats.add("c2")
    fake.block("c2")
    with pytest.raises(ChatUnreachable):
        await client.send_message("c2", "hello")


@pytest.mark.parametrize("kind", ["5xx", "network", "403", "408"])
async def test_transient_failures_are_retried(client: ZaloClient, fake: FakeZaloApi, kind: str) -> None:
    fake.known_chats.add("c1")
    fake.inject("sendMessage", kind, times=2)
    await client.send_message("c1", "qua được")
    assert fake.sent("c1") == ["qua được"]
    assert len(fake.calls_of("sendMessage")) == 3


@pytest.mark.parametrize("kind", ["network", "5xx", "403", "408"])
async def test_persistent_failures_become_transient_errors(
    client: ZaloClient, fake: FakeZaloApi, kind: str
) -> None:
    fake.known_chats.add("c1")
    fake.inject("sendMessage", kind, times=3)
    with pytest.raises(TransientChannelError) as info:
        await client.send_message("c1", "mất mạng")
    assert not isinstance(info.value, ChatUnreachable)  # a 403 is Zalo's internal error, not "blocked"
    assert fake.sent("c1") == []


async def test_429_is_the_quota_and_is_not_retried(client: ZaloClient, fake: FakeZaloApi) -> None:
    fake.known_chats.add("c1")
    fake.quota = 1
    await client.send_message("c1", "tin cuối của tháng")
    with pytest.raises(QuotaExceeded):
        await client.send_message("c1", "hết hạn mức")
    assert len(fake.calls_of("sendMessage")) == 2  # asked once, not four times
    fake.reset_quota()
    await client.send_message("c1", "tháng mới")
    assert fake.sent("c1") == ["tin cuối của tháng", "tháng mới"]


async def test_400_is_a_bug_and_404_is_not_the_token(client: ZaloClient, fake: FakeZaloApi) -> None:
    fake.known_chats.add("c1")
    fake.inject("sendMessage", "404")
    with pytest.raises(ChannelError) as info:
        await client.send_message("c1", "một")
    assert not isinstance(info.value, BadToken | ChatUnreachable | TransientChannelError)
    with pytest.raises(ChannelRequestRefused):
        await client.call("noSuchMethod")
    assert len(fake.calls_of("sendMessage")) == 1  # neither is retried


async def test_delete_webhook_answering_true_reads_as_no_webhook(client: ZaloClient, fake: FakeZaloApi) -> None:
    await client.set_webhook("https://bot.example.gov.vn/zalo", "s" * 16)
    fake.delete_answers_true = True
    assert (await client.delete_webhook()).url == ""
    assert fake.webhook_url == ""


async def test_set_webhook_reports_zalos_verification(client: ZaloClient, fake: FakeZaloApi) -> None:
    fake.verification = {"ok": False, "status_code": 403, "outcome": "forbidden", "latency_ms": 120,
                         "hint": "check your firewall"}
    info = await client.set_webhook("https://bot.example.gov.vn/zalo", "s" * 16)
    assert info.verification is not None
    assert (info.verification.ok, info.verification.status_code, info.verification.hint) == (
        False, 403, "check your firewall")


async def test_an_unreadable_update_is_skipped_with_one_line(
    client: ZaloClient, fake: FakeZaloApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake.push({"event_name": "message.text.received",
               "message": {"chat": {"id": "c9"}, "text": "Nguyễn Văn Bí mật"}})  # no message_id, no from
    assert await client.get_updates(wait=1) == []
    lines = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(lines) == 1 and "Bí mật" not in caplog.text and "c9" not in lines[0].getMessage()


async def test_event_name_is_inferred_and_photo_read_from_photo_url(client: ZaloClient, fake: FakeZaloApi) -> None:
    base = {"from": {"id": "u1"}, "chat": {"id": "c1"}, "date": 1}
    fake.push({"message": {**base, "message_id": "m1", "photo_url": "https://zalo.example/p.jpg"}})
    fake.push({"message": {**base, "message_id": "m2", "text": "xin chào"}})
    first, second = await client.get_updates(wait=1), await client.get_updates(wait=1)
    assert [u.event for u in first + second] == ["message.image.received", "message.text.received"]
    assert first[0].message is not None and first[0].message.photo_link == "https://zalo.example/p.jpg"


async def test_get_updates_returns_one_update_or_nothing(client: ZaloClient, fake: FakeZaloApi) -> None:
    assert await client.get_updates(wait=0) == []
    fake.user_text("c1", "một")
    fake.user_photo("c1", "https://photo.example/a.jpg", caption="ảnh")
    first = await client.get_updates(wait=1)
    second = await client.get_updates(wait=1)
    assert [u.event_name for u in first + second] == ["message.text.received", "message.image.received"]
    assert first[0].message is not None and first[0].message.text == "một"
    assert second[0].message is not None and second[0].message.photo_link == "https://photo.example/a.jpg"


async def test_webhook_set_read_and_deleted(client: ZaloClient, fake: FakeZaloApi) -> None:
    info = await client.set_webhook("https://bot.example.gov.vn/zalo", "s" * 16)
    assert info.url == "https://bot.example.gov.vn/zalo"
    assert (await client.get_webhook_info()).url == "https://bot.example.gov.vn/zalo"
    with pytest.raises(ChannelError):
        await client.get_updates(wait=0)  # not while a webhook is set
    assert (await client.delete_webhook()).url == ""
    with pytest.raises(ChannelError):
        await client.set_webhook("https://bot.example.gov.vn/zalo", "short")


async def test_photo_sticker_and_chat_action(client: ZaloClient, fake: FakeZaloApi) -> None:
    fake.known_chats.add("c1")
    await client.send_photo("c1", "https://photo.example/chart.png", caption="Biểu đồ")
    await client.send_sticker("c1", "abc123")
    assert await client.send_chat_action("c1") is True
    assert [s.method for s in fake.sent_items] == ["sendPhoto", "sendSticker"]
