"""The fake Bot API itself: it must refuse what Telegram refuses, or the
end-to-end tests prove nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_spec import check_request


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    f = await FakeTelegram().start()
    f.group(-100, "Nhóm")
    yield f
    await f.stop()


async def _post(fake: FakeTelegram, method: str, **data: object) -> httpx.Response:
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
    async with httpx.AsyncClient() as http:
        return await http.post(f"{fake.base}/bot{fake.token}/{method}", data=form)


def test_spec_checks_methods_fields_and_types() -> None:
    assert check_request("sendMessage", {"chat_id": "12", "text": "hi"}) == []
    assert check_request("sendMesage", {}) == ["sendMesage: no such Bot API method"]
    assert check_request("sendMessage", {"chat_id": "12"}) == ["sendMessage: missing required field 'text'"]
    assert check_request("sendMessage", {"chat_id": "1", "text": "a", "colour": "red"}) == [
        "sendMessage: unknown field 'colour'"
    ]
    assert check_request("sendMessage", {"chat_id": "1", "text": "a", "disable_notification": "yes"})
    bad_markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback": "x"}]]})
    errors = check_request("sendMessage", {"chat_id": "1", "text": "a", "reply_markup": bad_markup})
    assert any("unknown field 'callback'" in e for e in errors)
    scope = json.dumps({"type": "chat", "chat_id": 5})
    assert check_request("setMyCommands", {"commands": "[]", "scope": scope}) == []
    assert check_request("setMyCommands", {"commands": "[]", "scope": json.dumps({"type": "chat"})})


@pytest.mark.parametrize(
    ("method", "data", "expect"),
    [
        ("sendMessage", {"chat_id": -100, "text": "x" * 4097}, "4096"),
        ("sendMessage", {"chat_id": -100, "text": "a", "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "x" * 65}]]}}, "BUTTON_DATA_INVALID"),
        ("sendMessage", {"chat_id": -100, "text": "a", "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "1"}]] * 101}}, "100 buttons"),
        ("setMyCommands", {"commands": [{"command": "Bao-Cao", "description": "x"}]}, "bad command"),
        ("sendMessage", {"chat_id": -100}, "missing required"),
    ],
)
async def test_invalid_requests_are_refused_and_recorded(
    fake: FakeTelegram, method: str, data: dict[str, object], expect: str
) -> None:
    r = await _post(fake, method, **data)
    assert r.status_code == 400 and expect in r.json()["description"]
    assert len(fake.invalid) == 1


async def test_error_shapes(fake: FakeTelegram) -> None:
    fake.blocked.add(-100)
    r = await _post(fake, "sendMessage", chat_id=-100, text="a")
    assert (r.status_code, r.json()["description"]) == (403, "Forbidden: bot was blocked by the user")
    r = await _post(fake, "sendMessage", chat_id=42, text="a")
    assert (r.status_code, r.json()["description"]) == (400, "Bad Request: chat not found")
    fake.fail_next("getMe", 429, retry_after=3)
    r = await _post(fake, "getMe")
    assert r.status_code == 429 and r.json()["parameters"] == {"retry_after": 3}
    async with httpx.AsyncClient() as http:
        r = await http.post(f"{fake.base}/botWRONG/getMe")
    assert r.status_code == 401
    assert fake.invalid == [] and [x.method for x in fake.requests] == ["sendMessage"] * 2 + ["getMe"] * 2
