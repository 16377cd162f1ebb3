"""Sending on Zalo: throttled, with unreachable chats recorded.

A reply that cannot be sent after the client's own retries (network or Zalo
down) is not kept here: the router stored it in the reply outbox with the
answer it acknowledges, and it is sent again from there, before anything newer
for that chat, after a retry delay, a restart, or when the officer writes
again (``bot/services/replies.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.channels.zalo.client import TokenBucket, ZaloClient
from bot.core.errors import ChatUnreachable
from bot.core.messages import Channel

log = logging.getLogger(__name__)

OnUnreachable = Callable[[Channel, str, str], Awaitable[None]]


class Outbox:
    """Sends one text at a time under the channel's rate; an unreachable chat
    is recorded before the error is raised."""

    def __init__(
        self, client: ZaloClient, *, rate_per_second: float, language: str, on_unreachable: OnUnreachable | None,
    ) -> None:
        self.client = client
        self.language = language
        # The last language each chat was answered in, for this channel's own notices.
        self.langs: dict[str, str] = {}
        self._bucket = TokenBucket(rate_per_second)
        self._on_unreachable = on_unreachable

    async def send_text(self, chat_id: str, text: str) -> str:
        """One sendMessage (text already ≤ 2,000 chars); errors raised, an
        unreachable chat recorded first."""
        await self._bucket.acquire()
        try:
            return (await self.client.send_message(chat_id, text)).message_id
        except ChatUnreachable as exc:
            await self._record_unreachable(chat_id, str(exc))
            raise

    async def _record_unreachable(self, chat_id: str, reason: str) -> None:
        log.warning("zalo: chat %s unreachable: %s", chat_id, reason)
        if self._on_unreachable is None:
            return
        try:
            await self._on_unreachable(Channel.ZALO, chat_id, reason)
        except Exception:
            log.exception("zalo: recording unreachable chat %s failed", chat_id)
