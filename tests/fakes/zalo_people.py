"""The envelopes, the records and the person's side of the fake Zalo Bot API
(:class:`~tests.fakes.zalo_api.FakeZaloApi`): what a person sends, as the
documented update envelopes, and what the fake records of the bot's calls."""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

# The Bot Platform's documented error descriptions (docs/zalo.md).
DOCUMENTED = {"400": "Bad request", "403": "Internal server error", "404": "Invalid access request",
               "408": "Request timeout", "429": "Quota exceeded"}
REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
            404: "Not Found", 408: "Request Timeout", 409: "Conflict",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway"}


def now_ms() -> int:
    return int(time.time() * 1000)



def refusal(code: int, description: str) -> tuple[int, dict[str, Any]]:
    """The documented error envelope, with its HTTP status."""
    return code, {"ok": False, "error_code": code, "description": description}


def ok(result: Any) -> tuple[int, dict[str, Any]]:
    return 200, {"ok": True, "result": result}


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    authorized: bool


@dataclass
class Sent:
    method: str
    chat_id: str
    text: str  # message text, photo caption or sticker id
    body: dict[str, Any] = field(default_factory=dict)


class PersonSide:
    """What a person does in a chat with the bot; ``push`` delivers it."""

    files: dict[str, bytes]  # what photo URLs serve
    base_url: str

    def push(self, update: dict[str, Any]) -> None:
        raise NotImplementedError

    def photo(self, name: str, data: bytes) -> str:
        """Serve ``data`` as an image a person sent; its URL (Zalo's photo_url)."""
        self.files[name] = data
        return f"{self.base_url}/files/{name}"

    def _file(self, target: str) -> tuple[int, object]:
        data = self.files.get(target.removeprefix("/files/"))
        return (200, data) if data is not None else refusal(404, "Not Found")

    def user_text(self, chat_id: str, text: str, **kw: Any) -> str:
        return self._user(chat_id, "message.text.received", {"text": text}, **kw)

    def user_photo(self, chat_id: str, url: str, caption: str | None = None, **kw: Any) -> str:
        extra: dict[str, Any] = {"photo": url}
        if caption is not None:
            extra["caption"] = caption
        return self._user(chat_id, "message.image.received", extra, **kw)

    def user_sticker(self, chat_id: str, sticker: str = "bfe458bf64fa8da4d4eb", **kw: Any) -> str:
        extra = {"sticker": sticker, "url": f"https://zalo.example/sticker/{sticker}"}
        return self._user(chat_id, "message.sticker.received", extra, **kw)

    def user_unsupported(self, chat_id: str, **kw: Any) -> str:
        return self._user(chat_id, "message.unsupported.received", {}, **kw)

    def _user(
        self, chat_id: str, event: str, extra: dict[str, Any], *, user_id: str | None = None,
        name: str = "Nguyễn Văn A", message_id: str | None = None, chat_type: str = "PRIVATE",
    ) -> str:
        message_id = message_id or secrets.token_hex(10)
        message = {
            "from": {"id": user_id or chat_id, "display_name": name, "is_bot": False},
            "chat": {"id": chat_id, "chat_type": chat_type},
            "message_id": message_id,
            "date": now_ms(),
            **extra,
        }
        self.push({"event_name": event, "message": message})
        return message_id


class Recorded:
    """What the bot did, as the fake recorded it (``calls``, ``sent_items``)."""

    calls: list[Call]
    sent_items: list[Sent]

    def sent(self, chat_id: str) -> list[str]:
        return [s.text for s in self.sent_items if s.chat_id == chat_id]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_sent(self, chat_id: str, count: int, within: float = 5.0) -> list[str]:
        """The texts sent to ``chat_id`` once there are at least ``count``."""
        deadline = time.monotonic() + within
        while len(self.sent(chat_id)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} messages to {chat_id}, got {self.sent(chat_id)}")
            await asyncio.sleep(0.01)
        return self.sent(chat_id)

    async def wait_calls(self, method: str, count: int, within: float = 5.0) -> None:
        """Until ``method`` has been called at least ``count`` times in all."""
        deadline = time.monotonic() + within
        while len(self.calls_of(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} calls of {method}")
            await asyncio.sleep(0.01)

