"""Telegram specifics without I/O: keyboards from options, PTB updates to
:class:`~bot.core.messages.Incoming`, PTB errors to the error tree."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram import error as tg

from bot.channels.telegram import CAPABILITIES
from bot.core.errors import (
    BadToken,
    ChannelError,
    ChatUnreachable,
    RateLimited,
    TransientChannelError,
)
from bot.core.messages import Attachment, Channel, ChatKind, Incoming, Option

TEXT_LIMIT = CAPABILITIES.text_limit
CAPTION_LIMIT = 1024
MAX_BUTTONS = 100
SHORT_LABEL = 20  # longer labels get a row of their own
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_UNREACHABLE = ("chat not found", "user not found", "peer_id_invalid", "have no rights to send")


def check_payload(code: str) -> str:
    """A ``?start=`` payload: 1-64 characters of ``A-Z a-z 0-9 _ -``."""
    if not _PAYLOAD.match(code):
        raise ValueError(f"not a valid deep-link payload: {code!r}")
    return code


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def keyboard(
    text: str, options: Sequence[Option], footer: Sequence[Option]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text to show and the inline keyboard for ``options`` and ``footer``.

    The handlers' text already lists the options by number (the typed answer
    works everywhere), so buttons show the labels as they are; short labels
    share a row. Past Telegram's 100 buttons, only the typed answer remains.
    """
    if len(options) + len(footer) > MAX_BUTTONS:
        options = ()
    rows: list[list[InlineKeyboardButton]] = []
    if options:
        longest = max(len(o.label) for o in options)
        per_row = 1 if longest > SHORT_LABEL else 2 if longest > 12 else 4
        buttons = [
            InlineKeyboardButton(o.label, callback_data=o.payload.encode()) for o in options
        ]
        rows += _rows(buttons, per_row)
    if footer:
        nav = [InlineKeyboardButton(o.label, callback_data=o.payload.encode()) for o in footer]
        rows += _rows(nav, 4)
    return text, InlineKeyboardMarkup(rows) if rows else None


def chosen_label(message: Message, data: str) -> str | None:
    """The text of the button that carried ``data`` on ``message``."""
    markup = message.reply_markup
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def attachment_of(message: Message) -> Attachment | None:
    if message.document is not None:
        d = message.document
        return Attachment(
            kind="document", file_id=d.file_id, name=d.file_name, size=d.file_size,
            mime=d.mime_type, caption=message.caption,
        )
    if message.photo:
        p = max(message.photo, key=lambda s: (s.file_size or 0, s.width * s.height))
        return Attachment(
            kind="photo", file_id=p.file_id, name=f"photo-{p.file_unique_id}.jpg",
            size=p.file_size, mime="image/jpeg", caption=message.caption,
        )
    return None


def incoming_of(
    update: Update, *, text: str | None = None, choice: str | None = None,
    attachment: Attachment | None = None, unsupported: bool = False,
    is_chat_admin: bool | None = None,
) -> Incoming:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    return Incoming(
        channel=Channel.TELEGRAM,
        chat_id=str(chat.id),
        user_id=str(user.id),
        chat_kind=ChatKind.PRIVATE if chat.type == chat.PRIVATE else ChatKind.GROUP,
        text=text,
        choice=choice,
        attachment=attachment,
        user_name=user.full_name,
        language=(user.language_code or "").split("-")[0] or None,
        update_key=str(update.update_id),
        unsupported=unsupported,
        is_chat_admin=is_chat_admin,
        chat_title=chat.title,
        written_at=update.effective_message.date if update.effective_message is not None else None,
    )


def addressed_to(command: str, username: str | None) -> bool:
    """Whether ``/cmd@name ...`` is for this bot (a bare ``/cmd`` is for everyone)."""
    head = command.split(maxsplit=1)[0] if command.strip() else ""
    _, _, bot = head.partition("@")
    return not bot or bot.lower() == (username or "").lower()


def language_of(update: Update, default: str) -> str:
    """The sender's language as Telegram reports it, when we speak it."""
    user = update.effective_user
    code = (user.language_code or "")[:2] if user else ""
    return code if code in ("vi", "en") else default


def _seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def map_error(exc: tg.TelegramError) -> ChannelError:
    """The error tree's view of a PTB error (``raise map_error(e) from e``)."""
    text = str(exc)
    if isinstance(exc, tg.Forbidden):
        return ChatUnreachable(text)
    if isinstance(exc, tg.InvalidToken):
        return BadToken(text)
    if isinstance(exc, tg.RetryAfter):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PTB 22 deprecates int retry_after
            return RateLimited(text, retry_after=_seconds(exc.retry_after))
    if isinstance(exc, tg.ChatMigrated):
        return ChatUnreachable(f"{text} (new chat id {exc.new_chat_id})")
    if isinstance(exc, tg.BadRequest):
        if any(s in text.lower() for s in _UNREACHABLE):
            return ChatUnreachable(text)
        return ChannelError(text)
    if isinstance(exc, tg.TimedOut | tg.NetworkError):
        return TransientChannelError(text)
    return ChannelError(text)
