"""Rendering one :class:`~bot.core.messages.Outgoing` as Telegram calls.

Text is split under 4,096 characters with the keyboard on the last part; a
chart or a document goes first, captioned when the text fits a caption.
Errors are PTB's own (the adapter maps them to the error tree), except
:func:`edit_into`'s, mapped here.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message
from telegram.error import TelegramError

from bot.channels.telegram.render import CAPTION_LIMIT, TEXT_LIMIT, keyboard, map_error
from bot.core.messages import Outgoing
from bot.core.text import split_text


async def send_outgoing(bot: Bot, chat_id: str, out: Outgoing, *, edit: Message | None = None) -> str:
    """Send (or, with ``edit``, edit into that message) ``out``; the id of the last message."""
    text, markup = keyboard(out.text, out.options, out.footer)
    parts = [p for p in split_text(text, TEXT_LIMIT) if p.strip()]
    last: Message | None = None
    if edit is not None and parts and edit.text is not None:
        last = await _edit(edit, parts[0], markup if len(parts) == 1 else None)
        parts = parts[1:]
    media = out.image_png is not None or out.document is not None
    if media:
        caption_fits = len(parts) == 1 and len(parts[0]) <= CAPTION_LIMIT
        caption = parts[0] if caption_fits else None
        last = await _send_media(bot, chat_id, out, caption, markup if caption_fits else None)
        if caption_fits:
            parts = []
    for i, part in enumerate(parts):
        is_last = i == len(parts) - 1
        last = await bot.send_message(chat_id, part, reply_markup=markup if is_last else None)
    if last is None:
        raise ValueError("nothing to send: empty text and no media")
    return str(last.message_id)


async def edit_into(bot: Bot, chat_id: str, out: Outgoing, pressed: Message) -> str:
    """``out`` edited into the message whose button was pressed; errors in the error tree."""
    try:
        return await send_outgoing(bot, chat_id, out, edit=pressed)
    except TelegramError as exc:
        raise map_error(exc) from exc


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> Message:
    result = await message.edit_text(text, reply_markup=markup)
    return result if isinstance(result, Message) else message


async def _send_media(
    bot: Bot, chat_id: str, out: Outgoing, caption: str | None, markup: InlineKeyboardMarkup | None
) -> Message:
    sent: Message | None = None
    if out.image_png is not None:
        only = out.document is None
        sent = await bot.send_photo(
            chat_id, InputFile(out.image_png, filename="chart.png"),
            caption=caption if only else None, reply_markup=markup if only else None,
        )
    if out.document is not None:
        name, content = out.document
        sent = await bot.send_document(
            chat_id, InputFile(content, filename=name), caption=caption, reply_markup=markup,
        )
    assert sent is not None
    return sent
