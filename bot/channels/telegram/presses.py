"""What happens on the message whose button was pressed, and who may use
group commands: small Bot API calls the adapter makes around an update.
Failures are logged, never raised: the press itself was already handled."""

from __future__ import annotations

import logging

from telegram import Bot, Message
from telegram import error as tg
from telegram.constants import ChatMemberStatus

from bot.channels.telegram import render
from locales import t

log = logging.getLogger(__name__)

_ADMIN = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def retire_keyboard(pressed: Message) -> None:
    """An old keyboard whose press was refused: remove it, mark nothing."""
    try:
        if pressed.reply_markup is not None:
            await pressed.edit_reply_markup(reply_markup=None)
    except tg.TelegramError as exc:
        log.info("could not retire the pressed keyboard: %s", exc)


async def mark_chosen(pressed: Message, data: str, lang: str) -> None:
    """Show the choice on the pressed message and retire its keyboard."""
    label = render.chosen_label(pressed, data)
    try:
        if pressed.text and label:
            text = pressed.text + "\n\n" + t("telegram.chosen", lang, label=label)
            if len(text) <= render.TEXT_LIMIT:
                await pressed.edit_text(text, reply_markup=None)
                return
        if pressed.reply_markup is not None:
            await pressed.edit_reply_markup(reply_markup=None)
    except tg.TelegramError as exc:
        log.info("could not mark the pressed message: %s", exc)


async def is_chat_admin(bot: Bot, msg: Message) -> bool:
    """Whether the sender administers the group, as the platform says."""
    if msg.sender_chat is not None and msg.sender_chat.id == msg.chat_id:
        return True  # an anonymous admin speaks as the group itself
    if msg.from_user is None:
        return False
    try:
        member = await bot.get_chat_member(msg.chat_id, msg.from_user.id)
    except tg.TelegramError as exc:
        log.warning("getChatMember failed in %s: %s", msg.chat_id, exc)
        return False
    return member.status in _ADMIN
