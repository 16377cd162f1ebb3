"""Translating between Zalo and the application's messages.

Zalo has no buttons: options become a numbered list followed by a hint
("Trả lời 1, 2 hoặc 3"); the user types the number or the words, which the
router reads back from ``Incoming.text``.
"""

from __future__ import annotations

from functools import partial

from bot.channels.zalo.client import TEXT_LIMIT
from bot.channels.zalo.models import IMAGE, STICKER, TEXT, UNSUPPORTED, ZaloUpdate
from bot.core.clock import from_ms
from bot.core.messages import Attachment, Channel, ChatKind, Incoming, Option, Outgoing
from bot.core.text import split_text
from locales import t

_FEW = 5  # up to this many options the hint names every number


def reply_hint(count: int, lang: str) -> str:
    if count == 1:
        return t("zalo.reply_one", lang)
    if count <= _FEW:
        numbers = ", ".join(str(n) for n in range(1, count))
        return t("zalo.reply_few", lang, numbers=numbers, last=count)
    return t("zalo.reply_range", lang, last=count)


def numbered(options: tuple[Option, ...], lang: str) -> str:
    lines = []
    for n, option in enumerate(options, 1):
        label = option.label
        lines.append(label if label.startswith(f"{n}.") else f"{n}. {label}")
    return "\n".join([*lines, reply_hint(len(options), lang)])


def render(message: Outgoing, lang: str) -> list[str]:
    """The texts to send for ``message``, each at most 2,000 characters.

    The router already writes the numbered choices and the navigation
    commands (/quaylai, /boqua …) into its texts, for the console and Zalo
    alike; ``options`` are listed here only when the text does not show them.
    ``footer`` holds Telegram's navigation buttons, which the text already
    names, so it is not rendered."""
    text = message.text.strip()
    blocks = [text] if text else []
    if message.options and not all(o.label in text for o in message.options):
        blocks.append(numbered(message.options, lang))
    if message.image_png is not None:
        # sendPhoto takes a public URL only (no upload), and we do not publish
        # generated charts anywhere: send the text and say the image is missing.
        blocks.append(t("zalo.image_skipped", lang))
    if message.document is not None:
        # The Bot API has no way to send a file: name it and point elsewhere.
        blocks.append(t("zalo.document_skipped", lang, name=message.document[0]))
    if not blocks:
        return []
    return split_text("\n\n".join(blocks), TEXT_LIMIT)


def to_incoming(update: ZaloUpdate) -> Incoming | None:
    """The :class:`Incoming` for a Zalo update (None when it has no message)."""
    msg = update.message
    if msg is None:
        return None
    make = partial(
        Incoming,
        channel=Channel.ZALO,
        chat_id=msg.chat.id,
        user_id=msg.from_.id,
        chat_kind=ChatKind.GROUP if msg.chat.chat_type.upper() == "GROUP" else ChatKind.PRIVATE,
        user_name=msg.from_.name,
        update_key=msg.message_id,
        written_at=from_ms(msg.date),
    )
    event = update.event
    photo = msg.photo_link
    if event == IMAGE or (photo and event != STICKER):
        attachment = Attachment(kind="photo", file_id=photo, url=photo, caption=msg.caption)
        return make(attachment=attachment, unsupported=photo is None)
    if event == TEXT or (msg.text and event not in (STICKER, UNSUPPORTED)):
        return make(text=msg.text or "")
    if event == STICKER:
        sticker = msg.sticker if isinstance(msg.sticker, str) else None
        attachment = Attachment(kind="sticker", file_id=sticker, url=msg.url)
        return make(attachment=attachment, unsupported=True)
    if event == UNSUPPORTED:
        # Zalo sends this instead of the content when the sender's account is
        # one the law protects: the adapter answers it on its own.
        return make(attachment=Attachment(kind="protected"), unsupported=True)
    # Voice and anything newer we do not read.
    return make(attachment=Attachment(kind="other"), unsupported=True)
