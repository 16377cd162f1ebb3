"""The Zalo Bot API client against the fake server: shapes, errors, retries."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.channels.zalo.client import TokenBucket, ZaloClient
from bot.core.errors import (
    BadToken,
    ChannelError,
    ChatUnreachable,
    RateLimited,
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


async def test_unknown_and_blocked_chats_are_unreachable(client: ZaloClient, fake: FakeZaloApi) -> None:
    with pytest.raises(ChatUnreachable):
        await client.send_message("nobody", "hello")
    fake.known_chats.add("c2")
    fake.block("c2")
    with pytest.raises(ChatUnreachable):
        await client.send_message("c2", "hello")


@pytest.mark.parametrize("kind", ["5xx", "network", "429"])
async def test_transient_failures_are_retried(client: ZaloClient, fake: FakeZaloApi, kind: str) -> None:
    fake.known_chats.add("c1")
    fake.inject("sendMessage", kind, times=2)
    await client.send_message("c1", "qua được")
    assert fake.sent("c1") == ["qua được"]
    assert len(fake.calls_of("sendMessage")) == 3


async def test_persistent_failures_become_transient_errors(client: ZaloClient, fake: FakeZaloApi) -> None:
    fake.known_chats.add("c1")
    fake.inject("sendMessage", "network", times=3)
    with pytest.raises(TransientChannelError):
        await client.send_message("c1", "mất mạng")
    fake.inject("sendMessage", "5xx", times=3)
    with pytest.raises(TransientChannelError):
        await client.send_message("c1", "lỗi máy chủ")
    fake.inject("sendMessage", "429", times=3)
    with pytest.raises(RateLimited):
        await client.send_message("c1", "chậm lại")
    assert fake.sent("c1") == []


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


async def test_token_bucket_spaces_sends() -> None:
    import time

    bucket = TokenBucket(rate=20.0, capacity=1)
    start = time.monotonic()
    for _ in range(5):
        await bucket.acquire()
    assert time.monotonic() - start >= 4 / 20.0 * 0.9
