"""Sending on Zalo: throttled, in order, with unreachable chats recorded and
undelivered replies kept for a later try.

When a reply cannot be sent after the client's own retries (network or Zalo
down), the router has already stored the user's answer; the unsent texts are
kept in memory per chat, retried in the background after ``redeliver_delays``
and sent, behind a notice, before anything else in that chat. They are lost on
restart: the user then sees the current question again when they next write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from bot.channels.zalo.client import TokenBucket, ZaloClient
from bot.core.errors import ChannelError, ChatUnreachable, RateLimited
from bot.core.errors import TransientChannelError as Transient
from bot.core.messages import Channel
from locales import t

log = logging.getLogger(__name__)

OnUnreachable = Callable[[Channel, str, str], Awaitable[None]]


class Outbox:
    def __init__(
        self,
        client: ZaloClient,
        *,
        rate_per_second: float,
        language: str,
        on_unreachable: OnUnreachable | None,
        redeliver_delays: Sequence[float],
    ) -> None:
        self.client = client
        self.language = language
        # The last language each chat was answered in, for this channel's own notices.
        self.langs: dict[str, str] = {}
        self._bucket = TokenBucket(rate_per_second)
        self._on_unreachable = on_unreachable
        self._delays = tuple(redeliver_delays)
        self._pending: dict[str, list[str]] = {}  # chat id → texts not yet delivered
        self._retries: dict[str, asyncio.Task[None]] = {}
        self.busy: Callable[[str], bool] = lambda _chat_id: False  # set by the adapter

    def has_pending(self, chat_id: str) -> bool:
        return chat_id in self._pending

    async def close(self) -> None:
        for task in list(self._retries.values()):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._retries.clear()

    async def send_text(self, chat_id: str, text: str) -> str:
        """One sendMessage (text already ≤ 2,000 chars); errors raised, an
        unreachable chat recorded first."""
        await self._bucket.acquire()
        try:
            return (await self.client.send_message(chat_id, text)).message_id
        except ChatUnreachable as exc:
            await self._record_unreachable(chat_id, str(exc))
            raise

    async def deliver(self, chat_id: str, parts: list[str]) -> bool:
        """Send ``parts`` in order; on a transient failure keep the rest for a
        later try. True when everything was sent."""
        return await self._send(chat_id, None, parts, schedule=True)

    async def flush(self, chat_id: str, notice_key: str) -> bool:
        """Send what is pending for ``chat_id`` behind the notice ``notice_key``."""
        parts = self._pending.pop(chat_id, None)
        if not parts:
            return True
        return await self._send(chat_id, notice_key, parts, schedule=True)

    async def _send(
        self, chat_id: str, notice_key: str | None, parts: list[str], *, schedule: bool
    ) -> bool:
        head = [t(notice_key, self.langs.get(chat_id, self.language))] if notice_key else []
        texts = [*head, *parts]
        for i, text in enumerate(texts):
            try:
                await self.send_text(chat_id, text)
            except ChatUnreachable:
                return False
            except (Transient, RateLimited) as exc:
                log.warning("zalo: reply to %s not delivered (%s); kept for a retry", chat_id, exc)
                unsent = parts[max(i - len(head), 0):]  # the notice is not kept
                self._pending[chat_id] = unsent + self._pending.get(chat_id, [])
                if schedule:
                    self._schedule(chat_id)
                return False
            except ChannelError as exc:
                log.error("zalo: message to %s refused: %s", chat_id, exc)
        return True

    async def _record_unreachable(self, chat_id: str, reason: str) -> None:
        log.warning("zalo: chat %s unreachable: %s", chat_id, reason)
        self._pending.pop(chat_id, None)
        if self._on_unreachable is None:
            return
        try:
            await self._on_unreachable(Channel.ZALO, chat_id, reason)
        except Exception:
            log.exception("zalo: recording unreachable chat %s failed", chat_id)

    def _schedule(self, chat_id: str) -> None:
        if chat_id in self._retries or not self._delays:
            return
        task = asyncio.create_task(self._redeliver(chat_id), name=f"zalo-redeliver-{chat_id}")
        self._retries[chat_id] = task
        task.add_done_callback(lambda done: self._forget(chat_id, done))

    def _forget(self, chat_id: str, task: asyncio.Task[None]) -> None:
        if self._retries.get(chat_id) is task:
            del self._retries[chat_id]

    async def _redeliver(self, chat_id: str) -> None:
        for delay in self._delays:
            await asyncio.sleep(delay)
            if chat_id not in self._pending:
                return
            if self.busy(chat_id):
                continue  # the chat's worker flushes before its next update
            parts = self._pending.pop(chat_id)
            if await self._send(chat_id, "zalo.redelivered", parts, schedule=False):
                return
        dropped = self._pending.pop(chat_id, None)
        if dropped:
            log.error("zalo: gave up delivering %d message(s) to %s", len(dropped), chat_id)
