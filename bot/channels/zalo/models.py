"""Pydantic models of what the Zalo Bot API sends and answers.

Unknown fields are ignored and numeric ids become strings, so a change on
Zalo's side that adds fields does not break parsing.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class ZaloUpdate(_Model):
    event_name: str
    message: ZaloMessage | None = None


class BotInfo(_Model):
    id: str
    account_name: str | None = None
    account_type: str | None = None
    can_join_groups: bool = False


class WebhookInfo(_Model):
    url: str = ""
    updated_at: int | None = None


class SentMessage(_Model):
    message_id: str
    date: int | None = None
