"""Pydantic models of what the Zalo Bot API sends and answers.

Unknown fields are ignored and numeric ids become strings, so a change on
Zalo's side that adds fields does not break parsing.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.core.errors import BadUpdate

log = logging.getLogger(__name__)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True, populate_by_name=True)


class ZaloUser(_Model):
    id: str
    display_name: str | None = None
    first_name: str | None = None
    is_bot: bool = False

    @property
    def name(self) -> str | None:
        return self.display_name or self.first_name


class ZaloChat(_Model):
    id: str
    chat_type: str = "PRIVATE"


class ZaloMessage(_Model):
    message_id: str
    date: int | None = None  # milliseconds since the epoch
    from_: ZaloUser = Field(alias="from")
    chat: ZaloChat
    text: str | None = None
    # Copies of the docs disagree on the photo's shape (a URL string, a list of
    # sizes, or ``photo_url``); `photo_link` below reads all of them.
    photo: Any = None
    photo_url: str | None = None
    caption: str | None = None
    sticker: Any = None
    url: str | None = None

    @property
    def photo_link(self) -> str | None:
        if self.photo_url:
            return self.photo_url
        return _first_url(self.photo)


def _first_url(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        for key in ("url", "photo_url", "file_id"):
            if isinstance(value.get(key), str):
                return str(value[key])
    if isinstance(value, list) and value:
        return _first_url(value[-1])  # Telegram-style size lists put the largest last
    return None


# The events the Bot Platform documents; an update without ``event_name`` is
# read from its fields (``inferred_event``).
TEXT, IMAGE, STICKER = "message.text.received", "message.image.received", "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"


class ZaloUpdate(_Model):
    event_name: str = ""
    message: ZaloMessage | None = None

    @property
    def event(self) -> str:
        """``event_name``, or what the message's fields say it is."""
        return self.event_name or inferred_event(self.message)


def inferred_event(message: ZaloMessage | None) -> str:
    if message is None:
        return UNSUPPORTED
    if message.photo_link:
        return IMAGE
    if message.sticker:
        return STICKER
    if message.text is not None:
        return TEXT
    return UNSUPPORTED


def read_update(data: Any) -> ZaloUpdate:
    """An update from a getUpdates result or a webhook body, wrapped in the
    envelope (``{"ok": true, "result": {...}}``, as documented) or not (as one
    client reports receiving it). :class:`BadUpdate` says why not, naming the
    bad fields, never their values (they hold names and messages)."""
    if isinstance(data, dict) and isinstance(data.get("result"), dict) and "message" not in data:
        data = data["result"]
    if not isinstance(data, dict) or not ({"message", "event_name"} & data.keys()):
        raise BadUpdate("not an update: neither message nor event_name")
    try:
        return ZaloUpdate.model_validate(data)
    except ValidationError as exc:
        where = ", ".join(".".join(map(str, e["loc"])) or "body" for e in exc.errors()[:3])
        raise BadUpdate(f"not an update: {where}") from None


def parse_update(data: Any) -> ZaloUpdate | None:
    """:func:`read_update`, or ``None`` after one log line (polling skips it)."""
    try:
        return read_update(data)
    except BadUpdate as exc:
        log.warning("zalo: an update could not be read (%s); skipped", exc)
        return None


class BotInfo(_Model):
    id: str
    account_name: str | None = None
    account_type: str | None = None
    can_join_groups: bool = False


class WebhookInfo(_Model):
    url: str = ""
    updated_at: int | None = None

    @classmethod
    def read(cls, result: Any) -> WebhookInfo:
        """The result of getWebhookInfo/deleteWebhook; ``true`` or nothing
        (deleteWebhook has been seen answering so) is no webhook."""
        return cls.model_validate(result) if isinstance(result, dict) else cls()


class Verification(_Model):
    """Zalo's test delivery to a new webhook URL (setWebhook's answer)."""

    ok: bool | None = None
    status_code: int | None = None
    outcome: str | None = None
    latency_ms: int | None = None
    hint: str | None = None


class SetWebhookResult(WebhookInfo):
    verification: Verification | None = None

    @classmethod
    def read(cls, result: Any) -> SetWebhookResult:
        return cls.model_validate(result) if isinstance(result, dict) else cls()


class SentMessage(_Model):
    message_id: str
    date: int | None = None
