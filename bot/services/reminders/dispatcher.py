"""Sends due reminders from the outbox, at most once each in normal running.

A tick drains each channel on its own, all at once: per channel it claims
due rows of that channel only, so every channel runs at its own cap
(Telegram at its 30/s while the Zalo Bot Platform runs at its 5/s) instead
of a mixed batch waiting for its slowest channel. Rows are claimed in small
batches under a short lease (the
``reminder_lease_seconds`` setting, a minute by default) and renews it every
third of the lease while it works on them (the heartbeat), so a live
dispatcher's rows are never taken over, however slow a send or the rate
limit, and a crashed dispatcher's rows come back within one lease. For each
row it renders the text (cancelling rows whose unit has submitted), waits for
the channel's rate limit, then — right before the send — logs the attempt
and sends through the channel's :class:`~bot.core.ports.Sender`, then marks
the row. Transient failures retry with exponential backoff; permanent ones
(blocked, chat gone) are not retried: the identity is marked unreachable and
the unit's admins are told. A spent message quota
(:class:`~bot.core.errors.QuotaExceeded`) holds the reminder, queued, until
the quota resets. One the Zalo OA may not send (the officer has not
written within its window) is recorded as ``outside_window`` and not retried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import ChatUnreachable, OutsideWindow, QuotaExceeded, RateLimited
from bot.core.messages import Channel
from bot.core.ports import Sender
from bot.domain.entities import ReminderRow
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.planner import RoundRows
from bot.services import scope
from bot.services.reminders.content import ReminderContent, ReminderTexts
from bot.services.reminders.ratelimit import Limits
from bot.services.runtime import Runtime
from storage import officers as officer_store
from storage import plans as plan_store
from storage import reminders as store

log = logging.getLogger(__name__)


Sleep = Callable[[float], Awaitable[object]]

OFFICE_OPENS, OFFICE_CLOSES = dt.time(7, 30), dt.time(17, 0)  # Mon–Fri office hours


@dataclass
class Stats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    lost: int = 0  # taken over by another dispatcher before we sent
    held: int = 0  # outside office hours: waits for the next office morning

    def add(self, other: Stats) -> None:
        for name in ("sent", "retried", "failed", "cancelled", "lost", "held"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def worker_name() -> str:
    return f"{socket.gethostname()[:24]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


class Dispatcher:
    def __init__(
        self, rt: Runtime, senders: Mapping[Channel, Sender], *, texts: ReminderTexts, worker: str | None = None,
        lease_seconds: float | None = None, batch: int = 50, concurrency: int = 8,
        limits: Limits | None = None, cal: WorkCalendar | None = None, max_attempts: int = 8,
        backoff_base: float = 60, backoff_cap: float = 3600, heartbeat_sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.rt = rt
        self.senders = dict(senders)
        self.worker = (worker or worker_name())[:48]
        seconds = rt.settings.reminder_lease_seconds if lease_seconds is None else lease_seconds
        self.lease = dt.timedelta(seconds=seconds)
        # The heartbeat waits with this (tests pass one they drive by hand).
        self.heartbeat_sleep = heartbeat_sleep
        self.batch, self.concurrency, self.max_attempts = batch, concurrency, max_attempts
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap
        self.limits = limits or Limits.installed()
        self.cal = cal or WorkCalendar.from_settings(rt.settings)
        self.renderer = ReminderContent(self.cal, rt.settings.tz, texts)
        self._claims = itertools.count(1)

    async def claim(self, channel: Channel) -> tuple[str, list[ReminderRow]]:
        """Claim a batch of ``channel``'s due rows (never another channel's:
        each is paced by its own limit)."""
        token = f"{self.worker}#{next(self._claims)}"
        now = self.rt.clock.now()
        async with self.rt.begin() as conn:
            rows = await store.claim_due(
                conn, token=token, now=now, lease_until=now + self.lease,
                channels=[str(channel)], limit=self.batch,
            )
        return token, rows

    async def tick(self) -> Stats:
        """Send everything due now, every channel drained side by side;
        returns what happened."""
        async with asyncio.TaskGroup() as group:  # one channel failing stops the tick
            drains = [group.create_task(self.drain(channel)) for channel in self.senders]
        total = Stats()
        for drained in drains:
            total.add(drained.result())
        return total

    async def drain(self, channel: Channel) -> Stats:
        """Send everything of ``channel`` due now, batch after batch."""
        total = Stats()
        while True:
            token, rows = await self.claim(channel)
            if not rows:
                return total
            total.add(await self.process(token, rows))

    async def process(self, token: str, rows: list[ReminderRow]) -> Stats:
        stats = Stats()
        gate = asyncio.Semaphore(self.concurrency)
        # The officers' chats marked unreachable, read once for the batch (one
        # query, not one per delivery); a chat found unreachable while the
        # batch runs is added to it, so its later rows are cancelled.
        async with self.rt.begin() as conn:
            unreachable = await store.unreachable_chats(
                conn, {(r.channel, r.chat_id) for r in rows if r.recipient_kind == "officer"})

        async def one(row: ReminderRow) -> None:
            async with gate:
                await self.deliver(token, row, stats, unreachable)

        heartbeat = asyncio.create_task(self.heartbeat(token))
        try:
            async with asyncio.TaskGroup() as group:
                for row in rows:
                    group.create_task(one(row))
        finally:
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)
        return stats

    async def heartbeat(self, token: str) -> None:
        """Renew the claim's lease every third of it until cancelled (when the
        batch is done). A failed renewal is logged and tried again at the next
        beat: the rows stay ours until the lease, a minute, actually lapses."""
        every = self.lease.total_seconds() / 3
        while True:
            await self.heartbeat_sleep(every)
            try:
                async with self.rt.begin() as conn:
                    await store.renew_lease(conn, token=token, lease_until=self.rt.clock.now() + self.lease)
            except Exception as exc:  # the database busy or gone for a moment
                log.warning("reminder lease renewal for %s failed: %r", token, exc)

    async def deliver(self, token: str, row: ReminderRow, stats: Stats,
                      unreachable: set[tuple[str, str]] | None = None) -> None:
        """Send one row; ``unreachable``: the batch's officer chats marked
        unreachable (:meth:`process` reads them at once), else read here."""
        now = self.rt.clock.now()
        async with self.rt.begin() as conn:
            message = await self.renderer.render(conn, row, now)
            if unreachable is None:
                unreachable = await store.unreachable_chats(
                    conn, [(row.channel, row.chat_id)] if row.recipient_kind == "officer" else [])
            if isinstance(message, str) or (
                row.recipient_kind == "officer" and (row.channel, row.chat_id) in unreachable
            ):
                await store.mark_cancelled(conn, row.id, message if isinstance(message, str) else "unreachable")
                stats.cancelled += 1
                return
            held_until = self.hold_until(row, now)
            if held_until is not None:
                await store.mark_retry(conn, row.id, None, token=token, error="outside office hours",
                                       next_attempt_at=held_until, outcome="held")
                stats.held += 1
                return
        # The rate limit's slot is taken right before the send, so the platform
        # sees the sends spaced as the limiter spaced them; the heartbeat keeps
        # the lease meanwhile. The attempt is logged only once the slot is ours,
        # so a crash while waiting leaves no 'sending' trace of a message never sent.
        async with self.limits.slot(row.channel, row.chat_id, row.recipient_kind == "group"):
            now = self.rt.clock.now()
            async with self.rt.begin() as conn:
                delivery_id = await store.start_attempt(
                    conn, row, token=token, now=now, lease_until=now + self.lease, worker=self.worker
                )
        if delivery_id is None:
            stats.lost += 1
            return
        # Order matters: we send first and mark the row sent afterwards. If the
        # process dies in between, the lease lapses and the reminder is sent
        # again — one repeat, visible as an unfinished 'sending' delivery.
        # Marking first would turn that same crash into a reminder that is
        # never sent, and a lost reminder is worse than a repeated one.
        try:
            message_id = await self.senders[Channel(row.channel)].send(row.chat_id, message)
        except ChatUnreachable as exc:
            await self._permanent(row, delivery_id, str(exc) or "unreachable")
            if unreachable is not None and row.recipient_kind == "officer" and row.unit_id is not None:
                unreachable.add((row.channel, row.chat_id))
            stats.failed += 1
        except QuotaExceeded as exc:  # kept queued for the reset, not an attempt that failed
            await self._wait_for_quota(token, row, delivery_id, exc.resumes_at)
            stats.held += 1
        except OutsideWindow as exc:  # the Zalo OA may not write first: recorded, not retried
            async with self.rt.begin() as conn:
                await store.mark_failed(conn, row.id, delivery_id, error=str(exc), outcome="outside_window")
                if row.recipient_kind == "officer" and row.unit_id is not None:
                    await self._tell_admins(conn, row, self.rt.clock.now(), why="outside_window")
            stats.failed += 1
        except RateLimited as exc:
            self.limits.pause(row.channel, exc.retry_after)
            await self._retry(token, row, delivery_id, f"rate limited: {exc}", exc.retry_after, stats)
        except Exception as exc:  # transient channel errors, network, anything unexpected
            log.warning("reminder %s to %s:%s failed: %r", row.id, row.channel, row.chat_id, exc)
            delay = min(self.backoff_base * 2 ** max(row.attempts - 1, 0), self.backoff_cap)
            await self._retry(token, row, delivery_id, f"{type(exc).__name__}: {exc}", delay, stats)
        else:
            async with self.rt.begin() as conn:
                await store.mark_sent(conn, row.id, delivery_id, str(message_id), self.rt.clock.now())
            stats.sent += 1

    def hold_until(self, row: ReminderRow, now: dt.datetime) -> dt.datetime | None:
        """Reminders reach people in office hours on working days. One that is
        late (the bot was down, a retry fell in the evening, an admin pressed
        /nhac at night) waits for the next office morning at its planned time
        of day, instead of arriving at night, on a weekend or on a holiday.
        An admin's explicit "send now" (/nhac) is never held, nor anything when
        office hours are turned off (``reminder_office_hours``, the demo)."""
        if row.kind == "manual" or not self.rt.settings.reminder_office_hours:
            return None
        tz = self.rt.settings.tz
        local = now.astimezone(tz)
        if self.cal.is_working_day(local.date()) and OFFICE_OPENS <= local.time() < OFFICE_CLOSES:
            return None
        day = local.date()
        if local.time() >= OFFICE_CLOSES or not self.cal.is_working_day(day):
            day = self.cal.next_working_day(day + dt.timedelta(days=1))
        at = row.due_at.astimezone(tz).time()
        if not OFFICE_OPENS <= at < OFFICE_CLOSES:
            at = dt.time(8, 0)
        return dt.datetime.combine(day, at, tzinfo=tz).astimezone(dt.UTC)

    async def _wait_for_quota(self, token: str, row: ReminderRow, delivery_id: int,
                              resumes_at: dt.datetime | None) -> None:
        """The channel's message quota is spent: the reminder waits, queued,
        for the quota to come back (never failed for it; admins were told once
        by the channel's meter)."""
        when = resumes_at or self.rt.clock.now() + dt.timedelta(hours=1)
        async with self.rt.begin() as conn:
            await store.mark_retry(conn, row.id, delivery_id, token=token, error="quota exceeded",
                                   next_attempt_at=when, outcome="held")

    async def _retry(self, token: str, row: ReminderRow, delivery_id: int, error: str, delay: float,
                     stats: Stats) -> None:
        async with self.rt.begin() as conn:
            if row.attempts >= self.max_attempts:
                await store.mark_failed(conn, row.id, delivery_id, error=error, outcome="transient")
                stats.failed += 1
                return
            next_at = self.rt.clock.now() + dt.timedelta(seconds=delay)
            await store.mark_retry(conn, row.id, delivery_id, token=token, error=error, next_attempt_at=next_at)
            stats.retried += 1

    async def _permanent(self, row: ReminderRow, delivery_id: int, error: str) -> None:
        now = self.rt.clock.now()
        async with self.rt.begin() as conn:
            await store.mark_failed(conn, row.id, delivery_id, error=error)
            if row.recipient_kind != "officer" or row.unit_id is None:
                return
            await officer_store.mark_unreachable(conn, row.channel, row.chat_id, error, now)
            await self._tell_admins(conn, row, now)

    async def _tell_admins(self, conn: AsyncConnection, row: ReminderRow, now: dt.datetime,
                           why: str = "unreachable") -> None:
        """Queue an 'unreachable' notice for the unit's scoped admins: the very
        rows the planner makes for an unreachable officer (same dedupe keys),
        so each admin hears of it once a round, whoever notices first."""
        assert row.unit_id is not None
        stored = await plan_store.latest_plan(conn, row.plan_code)
        rnd = next((r for r in stored.plan.rounds if r.id == row.round_id), None) if stored else None
        if stored is None or rnd is None:
            return  # the plan or round is gone: nothing left to report on
        officer = await officer_store.get_officer(conn, row.officer_id) if row.officer_id else None
        rows = RoundRows(stored.code, rnd, self.rt.settings.locale).unreachable(
            await scope.admins_over(conn, row.unit_id), now, row.unit_id, row.officer_id,
            officer.full_name if officer else "?", row.channel, why)
        await store.insert_absent(conn, rows, now)
