"""What the webhooks do with bodies that are not updates: too large (413,
unread), malformed or deeply nested JSON and authenticated bodies of the wrong
shape (400, one warning line, no traceback, nothing handled), and secrets
compared exactly (403). Both platforms' routes, on the shared app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.zalo.adapter import ZaloAdapter
from bot.core.webhooks import MAX_BODY_BYTES
from bot.shell.webhook import create_app
from tests.channels.telegram_support import fake_telegram
from tests.channels.zalo_support import SECRET, Recorder, adapter_for, fake, stub
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZaloApi

__all__ = ["fake", "fake_telegram", "stub"]  # fixtures used by name

TG_SECRET = "tg-Secret_0123"
ZALO_HEADER = "X-Bot-Api-Secret-Token"
TG_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ZALO_MESSAGE = {"event_name": "message.text.received", "message": {
    "message_id": "m1", "date": 0, "text": "xin chào", "from": {"id": "u1"}, "chat": {"id": "c1"}}}
TG_MESSAGE = {"update_id": 7, "message": {
    "message_id": 1, "date": 0, "text": "xin chào", "from": {"id": 5, "is_bot": False, "first_name": "An"},
    "chat": {"id": 5, "type": "private"}}}


class Site:
    """The shared app with both routes, called in-process."""

    def __init__(self, client: httpx.AsyncClient, zalo: ZaloAdapter, telegram: TelegramAdapter) -> None:
        self.client, self.zalo, self.telegram = client, zalo, telegram

    async def post(self, path: str, content: bytes | str, secret: str | None = None, **kw: Any) -> httpx.Response:
        header = ZALO_HEADER if path == "/zalo" else TG_HEADER
        given = (SECRET if path == "/zalo" else TG_SECRET) if secret is None else secret
        return await self.client.post(path, content=content, headers={header: given}, **kw)

    async def handled(self) -> int:
        await self.zalo.join()
        return self.telegram.app.update_queue.qsize()


@pytest.fixture
async def site(fake: FakeZaloApi, stub: Recorder, fake_telegram: FakeTelegram) -> AsyncIterator[Site]:
    zalo = adapter_for(fake, stub, use_webhook=True, webhook_secret=SECRET)
    telegram = TelegramAdapter(
        token=fake_telegram.token, handler=stub, api_base=fake_telegram.base, tzinfo=ZoneInfo("UTC"),
        max_evidence_bytes=1000, webhook_url="https://bot.example.gov.vn", webhook_secret=TG_SECRET,
    )
    app = create_app([*zalo.routes(), *telegram.routes()])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dvbot") as client:
        yield Site(client, zalo, telegram)
    await zalo.stop()
    await telegram.stop()


def json_text(value: Any) -> str:
    import json

    return json.dumps(value)


async def test_well_formed_updates_are_taken(site: Site, stub: Recorder) -> None:
    assert (await site.post("/zalo", json_text({"ok": True, "result": ZALO_MESSAGE}))).status_code == 200
    assert (await site.post("/telegram", json_text(TG_MESSAGE))).status_code == 200
    assert await site.handled() == 1
    assert [m.text for m in stub.seen] == ["xin chào"]


@pytest.mark.parametrize("path", ["/zalo", "/telegram"])
async def test_a_body_over_a_megabyte_is_refused_unread(
    site: Site, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    big = '{"pad": "' + "x" * MAX_BODY_BYTES + '"}'
    assert (await site.post(path, big)).status_code == 413
    # A streamed body without Content-Length is cut off at the limit too.
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"x" * (MAX_BODY_BYTES // 10)

    response = await site.client.post(path, content=chunks(), headers={ZALO_HEADER: SECRET, TG_HEADER: TG_SECRET})
    assert response.status_code == 413
    # Just under the limit is read (and refused only for what it is).
    assert (await site.post(path, " " * (MAX_BODY_BYTES - 2) + "{}")).status_code == 400
    assert await site.handled() == 0
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 3 and not any(r.exc_info for r in caplog.records)


BAD_BODIES = {
    "malformed": "{not json",
    "not utf-8": b"\xff\xfe{}",
    "empty": "",
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "nested 40 deep": '{"a":' * 40 + "1" + "}" * 40,
    "a list": "[]",
    "null": "null",
    "a string": '"hi"',
    "message is text": '{"message": "hi"}',
}


@pytest.mark.parametrize("path", ["/zalo", "/telegram"])
@pytest.mark.parametrize("name", list(BAD_BODIES))
async def test_a_body_that_is_no_update_gets_400_and_one_warning(
    site: Site, path: str, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = await site.post(path, BAD_BODIES[name])
    assert response.status_code == 400
    assert await site.handled() == 0
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "body refused" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)
    assert "hi" not in warnings[0].getMessage()  # the body is never quoted


@pytest.mark.parametrize(
    "body",
    [
        {**ZALO_MESSAGE, "message": {k: v for k, v in ZALO_MESSAGE["message"].items() if k != "chat"}},
        {"ok": True, "result": []},
        {"ok": True, "result": None},
        {"event_name": "message.text.received", "message": {**ZALO_MESSAGE["message"], "chat": "c1"}},
    ],
    ids=["no chat", "result a list", "result null", "chat a string"],
)
async def test_zalo_updates_of_the_wrong_shape(site: Site, body: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    response = await site.post("/zalo", json_text(body))
    assert response.status_code == 400
    assert await site.handled() == 0
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["WARNING"]


@pytest.mark.parametrize(
    "body",
    [
        {**TG_MESSAGE, "update_id": "seven"},
        {**TG_MESSAGE, "update_id": True},
        {k: v for k, v in TG_MESSAGE.items() if k != "update_id"},
        {**TG_MESSAGE, "message": {k: v for k, v in TG_MESSAGE["message"].items() if k != "chat"}},
        {**TG_MESSAGE, "message": "hi"},
        {**TG_MESSAGE, "message": {**TG_MESSAGE["message"], "chat": []}},
    ],
    ids=["update_id text", "update_id bool", "no update_id", "no chat", "message text", "chat a list"],
)
async def test_telegram_updates_of_the_wrong_shape(
    site: Site, body: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    response = await site.post("/telegram", json_text(body))
    assert response.status_code == 400
    assert await site.handled() == 0
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["WARNING"]
    assert not any(r.exc_info for r in caplog.records)


async def test_a_zalo_event_without_a_message_is_ignored_with_200(site: Site, stub: Recorder) -> None:
    response = await site.post("/zalo", json_text({"event_name": "message.unknown.received"}))
    assert response.status_code == 200
    assert await site.handled() == 0 and stub.seen == []


@pytest.mark.parametrize("path", ["/zalo", "/telegram"])
@pytest.mark.parametrize("how", ["upper case", "swapped case", "prefix", "longer", "empty", "missing", "spaces"])
async def test_the_secret_must_match_exactly(site: Site, path: str, how: str) -> None:
    right = SECRET if path == "/zalo" else TG_SECRET
    given = {"upper case": right.upper(), "swapped case": right.swapcase(), "prefix": right[:-1],
             "longer": right + "0", "empty": "", "spaces": f" {right} ", "missing": None}[how]
    body = json_text({"ok": True, "result": ZALO_MESSAGE} if path == "/zalo" else TG_MESSAGE)
    header = ZALO_HEADER if path == "/zalo" else TG_HEADER
    headers = {} if given is None else {header: given}
    response = await site.client.post(path, content=body, headers=headers)
    assert response.status_code == 403
    assert await site.handled() == 0
    assert (await site.post(path, body)).status_code == 200  # the exact secret is taken
