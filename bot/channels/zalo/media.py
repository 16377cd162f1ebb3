"""A photo a person sent on Zalo is downloaded at once: the lifetime of
Zalo's image URLs is undocumented, so the bytes travel to the router in the
attachment (``Attachment.data``) and are kept by content hash there."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.channels.zalo.client import ZaloClient
from bot.core.errors import TransientChannelError
from bot.core.messages import Incoming
from locales import t

log = logging.getLogger(__name__)


async def fetch_photo(client: ZaloClient, incoming: Incoming, max_bytes: int, lang: str) -> tuple[Incoming, str | None]:
    """``incoming`` with its photo's bytes; or the refusal to send when the
    photo is over ``max_bytes``. When the photo cannot be fetched, the URL
    alone is kept (logged), as before."""
    a = incoming.attachment
    if a is None or a.kind != "photo" or not a.url or a.data is not None:
        return incoming, None
    try:
        data = await client.download(a.url, max_bytes)
    except TransientChannelError as exc:
        log.warning("zalo: photo of message %s not downloaded (%s); its URL is kept", incoming.update_key, exc)
        return incoming, None
    if data is None:
        limit = f"{max_bytes / 1_048_576:.0f}"
        return incoming, t("evidence.too_large", lang, size=f"> {limit}", limit=limit)
    return replace(incoming, attachment=replace(a, data=data, size=len(data))), None
