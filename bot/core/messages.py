"""What flows between channel adapters and handlers.

An adapter turns a platform update into an :class:`Incoming`, hands it to the
router, and renders the :class:`Outgoing` replies it gets back. Handlers never
see a platform SDK; adapters never see storage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.buttons import Payload


class Channel(StrEnum):
    CONSOLE = "console"
    ZALO = "zalo"
    TELEGRAM = "telegram"
    ZALO_OA = "zalo_oa"  # the unit's Zalo Official Account (bot/channels/zalo_oa)


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file or photo the user sent (evidence)."""

    kind: str  # "photo" | "document" | "sticker" | "other"
    file_id: str | None = None  # platform file id (Telegram) or URL (Zalo photo)
    url: str | None = None
    name: str | None = None
    size: int | None = None
    mime: str | None = None
    caption: str | None = None
    # The file's bytes, as the adapter downloaded them: the router stores them
    # (bot/services/evidence.py) and hands on the attachment with ``sha256`` instead.
    data: bytes | None = field(default=None, repr=False)
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    channel: Channel
    chat_id: str
    user_id: str
    chat_kind: ChatKind = ChatKind.PRIVATE
    text: str | None = None  # typed text (commands included, e.g. "/start ABC")
    choice: str | None = None  # a pressed button's wire payload (Telegram callback data)
    attachment: Attachment | None = None
    user_name: str | None = None
    language: str | None = None  # the platform's language hint, if any
    update_key: str | None = None  # platform id for de-duplication (message_id, update_id)
    unsupported: bool = False  # sticker/voice/other content we cannot use
    # Group commands (Telegram): whether the sender administers the group, as the
    # platform says (getChatMember); None where the adapter did not check.
    is_chat_admin: bool | None = None
    chat_title: str | None = None  # a group's name, when the platform gives it
    # When the person wrote it, as the platform says (UTC; None where it does
    # not say): a message written before the last reply reached the chat is
    # written blind (bot/domain/replies.is_resend).
    written_at: dt.datetime | None = None

    @property
    def command(self) -> tuple[str, str] | None:
        """``("start", "ABC")`` for ``"/start ABC"`` (``@botname`` suffix dropped)."""
        if not self.text or not self.text.startswith("/"):
            return None
        head, _, rest = self.text.strip().partition(" ")
        name = head[1:].split("@", 1)[0].lower()
        if not name:
            return None
        return name, rest.strip()

    @property
    def pressed(self) -> Payload | None:
        """The pressed button's payload, decoded (``None`` for typed text)."""
        return None if self.choice is None else Payload.decode(self.choice)


@dataclass(frozen=True, slots=True)
class Option:
    """A choice offered with a reply: ``value`` is the wire payload that comes
    back in ``Incoming.choice`` when pressed; the number typed works too. A
    button naming what it answers is made with :meth:`button` (the codec in
    :mod:`bot.core.buttons` joins value and token; the router splits them
    into ``Ctx.button``), so a press on an old message is recognised."""

    label: str
    value: str

    @classmethod
    def button(cls, label: str, value: str, token: str) -> Option:
        """An option whose press carries ``token`` (what it answers)."""
        return cls(label, Payload(value, token).encode())

    @property
    def payload(self) -> Payload:
        return Payload.decode(self.value)


@dataclass(frozen=True, slots=True)
class Outgoing:
    text: str
    options: tuple[Option, ...] = ()
    chat_id: str | None = None  # None: reply in the chat the update came from
    channel: Channel | None = None  # None: same channel as the update
    image_png: bytes | None = None  # e.g. a summary chart
    document: tuple[str, bytes] | None = None  # (file name, content), e.g. an Excel export
    edit_previous: bool = False  # Telegram: edit the message whose button was pressed
    press_refused: bool = False  # the pressed button was not counted: retire it without a ✓
    lang: str | None = None  # the recipient's language (set by the router), for a channel's own notes
    footer: tuple[Option, ...] = field(default=())  # navigation buttons (back, skip, ...)
