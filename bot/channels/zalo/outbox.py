"""Sending on Zalo: throttled, counted against the monthly quota, with
unreachable chats recorded.

The throttle is :func:`bot.core.windows.per_second`: at most
``DVBOT_ZALO_RATE_PER_SECOND`` sends in any second (a little longer:
``MARGIN``), each counted when its turn comes, right before its request. Zalo
publishes no rate; a token bucket, used before, let a full bucket through
after a quiet spell and then kept sending at the rate: twice the cap within
one second (the benchmark counted 10 sends in a second at 5 a second).

A reply that cannot be sent after the client's own retries (network or Zalo
down) is not kept here: the router stored it in the reply outbox with the
answer it acknowledges, and it is sent again from there, before anything newer
for that chat, after a retry delay, a restart, or when the officer writes
again (``bot/services/replies.py``).

The quota (``meter``, a :class:`~bot.core.ports.UsageMeter`): every message
sent is counted before its send returns, the sends that finish together in
one write (:class:`Tally`: under load one transaction for many); when Zalo answers 429 (the monthly quota is spent) the meter
records a pause until the quota resets and tells admins once, and every send
until then raises :class:`~bot.core.errors.QuotaExceeded` without calling
Zalo (reminders wait queued for then). A 403 is Zalo's internal error, so a
chat is taken as unreachable only after its sends have failed so for
``unreachable_after``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from bot.channels.zalo.client import ZaloClient
from bot.core.errors import ChatUnreachable, QuotaExceeded
from bot.core.errors import TransientChannelError as Transient
from bot.core.messages import Channel
from bot.core.ports import UsageMeter
from bot.core.windows import per_second

log = logging.getLogger(__name__)

OnUnreachable = Callable[[Channel, str, str], Awaitable[None]]


class Tally:
    """The messages sent, written to the quota meter together: each send
    waits until its count is written (so the count is whole when a send
    returns), and the sends that finish while one write runs are written by
    the next, in one transaction instead of one each (under load, most)."""

    def __init__(self, write: Callable[[int], Awaitable[None]]) -> None:
        self._write = write
        self._pending = 0
        self._waiting: list[asyncio.Future[None]] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(self, count: int = 1) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending += count
        self._waiting.append(done)
        if self._writer is None:
            self._writer = asyncio.create_task(self._run(), name="zalo-quota-count")
        await done

    async def _run(self) -> None:
        waiting: list[asyncio.Future[None]] = []
        try:
            while self._pending:
                count, waiting = self._pending, self._waiting
                self._pending, self._waiting = 0, []
                try:
                    await self._write(count)
                except Exception:  # the messages went out; only their count is missing
                    log.exception("zalo: counting %d sent message(s) failed", count)
                for future in waiting:
                    if not future.done():
                        future.set_result(None)
        finally:  # cancelled mid-write (shutdown): those counts are lost, no sender waits for ever
            for future in [*waiting, *self._waiting]:
                if not future.done():
                    future.set_result(None)
            self._writer, self._pending, self._waiting = None, 0, []



class Outbox:
    """Sends one text at a time under the channel's rate; an unreachable chat
    is recorded before the error is raised."""

    def __init__(
        self, client: ZaloClient, *, rate_per_second: float, language: str, on_unreachable: OnUnreachable | None,
        meter: UsageMeter | None = None, unreachable_after: dt.timedelta = dt.timedelta(hours=24),
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.client = client
        self.language = language
        # The last language each chat was answered in, for this channel's own notices.
        self.langs: dict[str, str] = {}
        self.window = per_second(rate_per_second)
        self._on_unreachable = on_unreachable
        self.meter = meter
        self._tally = Tally(self._write_count)
        self.paused_until: dt.datetime | None = None  # the quota is spent until then
        self._unreachable_after = unreachable_after
        self._now = now
        self._failing_since: dict[str, dt.datetime] = {}  # chat → first 403 of the current run

    async def send_text(self, chat_id: str, text: str) -> str:
        """One sendMessage (text already ≤ 2,000 chars), counted; errors
        raised, an unreachable chat recorded first."""
        if self.paused_until is not None and self._now() < self.paused_until:
            raise QuotaExceeded("zalo: the monthly quota is spent", resumes_at=self.paused_until)
        await self.window.acquire()
        try:
            sent = await self.client.send_message(chat_id, text)
        except ChatUnreachable as exc:
            await self._record_unreachable(chat_id, str(exc))
            raise
        except QuotaExceeded as exc:
            self.paused_until = await self._exceeded()
            raise QuotaExceeded(str(exc), resumes_at=self.paused_until) from exc
        except Transient as exc:
            if exc.params.get("code") == 403 and self._failing_too_long(chat_id):
                hours = self._unreachable_after.total_seconds() / 3600
                reason = f"{exc} (every send failing so for {hours:g} hours)"
                await self._record_unreachable(chat_id, reason)
                raise ChatUnreachable(reason) from exc
            raise
        self._failing_since.pop(chat_id, None)
        await self._count()
        return sent.message_id

    def _failing_too_long(self, chat_id: str) -> bool:
        first = self._failing_since.setdefault(chat_id, self._now())
        return self._now() - first >= self._unreachable_after

    async def _exceeded(self) -> dt.datetime:
        if self.meter is not None:
            try:
                return await self.meter.exceeded()
            except Exception:
                log.exception("zalo: recording the spent quota failed")
        return self._now() + dt.timedelta(hours=1)  # unknown: try again in an hour

    async def _count(self) -> None:
        if self.meter is not None:
            await self._tally.add(1)

    async def _write_count(self, count: int) -> None:
        assert self.meter is not None
        await self.meter.sent(count)

    async def _record_unreachable(self, chat_id: str, reason: str) -> None:
        log.warning("zalo: chat %s unreachable: %s", chat_id, reason)
        if self._on_unreachable is None:
            return
        try:
            await self._on_unreachable(Channel.ZALO, chat_id, reason)
        except Exception:
            log.exception("zalo: recording unreachable chat %s failed", chat_id)
