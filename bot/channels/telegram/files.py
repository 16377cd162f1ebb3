"""A file or photo a person sent on Telegram is downloaded before the update
is handled (getFile, then the file URL): the bytes travel to the router in
``Attachment.data`` and are kept there by content hash
(``bot/services/evidence.py``). The adapter has already refused files over
``DVBOT_MAX_EVIDENCE_BYTES`` by the size Telegram reports."""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Bot
from telegram import error as tg

from bot.core.messages import Attachment

log = logging.getLogger(__name__)


async def fetched(bot: Bot, attachment: Attachment | None) -> Attachment | None:
    """``attachment`` with its bytes; when Telegram will not give them (a
    network failure, a file over the Bot API's download limit), the file id
    alone is kept, as before, and that is logged."""
    if attachment is None or attachment.file_id is None or attachment.data is not None:
        return attachment
    try:
        file = await bot.get_file(attachment.file_id)
        data = bytes(await file.download_as_bytearray())
    except tg.TelegramError as exc:
        log.warning("telegram: a file was not downloaded (%s); its file id is kept", type(exc).__name__)
        return attachment
    return replace(attachment, data=data, size=len(data))
