"""A quota-limited channel's meter (the Zalo Bot Platform): messages counted
per quota period, the pause when the platform says the quota is spent, the
user cap, and the admins told — once each — at 80 %, 95 % and when sending
stops. The rules are in :mod:`bot.domain.quota`; the rows in
:mod:`storage.usage`.

Admins are told through the same senders as any notification. While Zalo is
paused an admin reachable only on Zalo cannot be told: that is logged as an
error (the operator's log is then the last place it shows).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from bot.core.messages import Channel, Incoming, Outgoing
from bot.domain import quota
from bot.services.runtime import Connection, Runtime
from locales import t
from storage import admins as admin_store
from storage import audit
from storage import usage as store

log = logging.getLogger(__name__)

Deliver = Callable[[Outgoing], Awaitable[bool]]


def period_of(rt: Runtime, now: dt.datetime) -> str:
    return quota.period_start(now.astimezone(rt.settings.tz).date(), rt.settings.zalo_quota_reset_day).isoformat()


async def admin_notices(conn: Connection, lang: str, key: str, *, skip: Channel | None = None,
                        **params: object) -> list[Outgoing]:
    """One notice ``key`` per admin identity (private chat), except on ``skip``."""
    seen: set[tuple[str, str]] = set()
    notices = []
    for admin in await admin_store.list_admins(conn):
        who = (admin.channel, admin.user_id)
        if who in seen or admin.channel == skip:
            continue
        seen.add(who)
        notices.append(Outgoing(t(key, lang, **params), chat_id=admin.user_id, channel=Channel(admin.channel),
                                lang=lang))
    return notices


class ZaloUsage:
    """The :class:`~bot.core.ports.UsageMeter` of the Zalo Bot Platform."""

    channel = Channel.ZALO

    def __init__(self, rt: Runtime, deliver: Deliver) -> None:
        self.rt = rt
        self.deliver = deliver
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def limit(self) -> int:
        return self.rt.settings.zalo_monthly_quota

    async def sent(self, count: int = 1) -> None:
        now = self.rt.clock.now()
        period = period_of(self.rt, now)
        lang = self.rt.settings.locale
        notices: list[Outgoing] = []
        async with self.rt.begin() as conn:
            row = await store.add_sent(conn, self.channel, period, count)
            level = quota.crossed(row.sent, self.limit, row.warned)
            if level is not None and await store.claim_warning(conn, self.channel, period, level):
                log.warning("zalo: %d of %d monthly messages sent (%d %%)", row.sent, self.limit, level)
                notices = await admin_notices(conn, lang, "zalo.quota_warn", percent=level, sent=row.sent,
                                              limit=self.limit)
        self._tell(notices)

    async def exceeded(self) -> dt.datetime:
        now = self.rt.clock.now()
        until = quota.next_reset(now, self.rt.settings.tz, self.rt.settings.zalo_quota_reset_day)
        period = period_of(self.rt, now)
        lang = self.rt.settings.locale
        notices: list[Outgoing] = []
        async with self.rt.begin() as conn:
            if await store.claim_exceeded(conn, self.channel, period, now=now, until=until):
                log.error("zalo: the monthly message quota is spent; Zalo sends paused until %s", until.isoformat())
                local = until.astimezone(self.rt.settings.tz)
                notices = await admin_notices(conn, lang, "zalo.quota_exceeded", skip=self.channel,
                                              resumes=local.strftime("%H:%M %d/%m/%Y"), limit=self.limit)
                if not notices:
                    log.error("zalo: no admin outside Zalo could be told that the quota is spent")
        self._tell(notices)
        return until

    async def paused_until(self) -> dt.datetime | None:
        async with self.rt.begin() as conn:
            return await store.paused_until(conn, self.channel, self.rt.clock.now())

    def _tell(self, notices: list[Outgoing]) -> None:
        """Deliver in the background: a notice never holds up the send that caused it."""
        for notice in notices:
            task = asyncio.ensure_future(self.deliver(notice))  # type: ignore[arg-type]
            self._tasks.add(task)  # type: ignore[arg-type]
            task.add_done_callback(self._tasks.discard)  # type: ignore[arg-type]

    async def join(self) -> None:
        """Wait for the notices under way (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*set(self._tasks), return_exceptions=True)


async def zalo_seat_free(conn: Connection, rt: Runtime, incoming: Incoming) -> bool:
    """May this Zalo user link to an officer? Always, off Zalo or when already
    linked; otherwise only while fewer than ``DVBOT_ZALO_MAX_USERS`` are."""
    if incoming.channel is not Channel.ZALO or await store.is_linked(conn, incoming.channel, incoming.user_id):
        return True
    return await store.linked_users(conn, incoming.channel) < rt.settings.zalo_max_users


async def users_notices(conn: Connection, rt: Runtime, channel: Channel, now: dt.datetime) -> list[Outgoing]:
    """After a Zalo user was linked: the admins' warning at 80 % / 95 % of the
    user cap, once a period each (to be delivered after the commit)."""
    if channel is not Channel.ZALO:
        return []
    count, limit = await store.linked_users(conn, channel), rt.settings.zalo_max_users
    period = period_of(rt, now)
    row = await store.usage(conn, channel, period)
    level = quota.crossed(count, limit, row.users_warned)
    if level is None or not await store.claim_warning(conn, channel, period, level, users=True):
        return []
    log.warning("zalo: %d of %d users linked (%d %%)", count, limit, level)
    return await admin_notices(conn, rt.settings.locale, "zalo.users_warn", percent=level, count=count,
                               limit=limit)


PROTECTED = "protected_sender"  # the audit action of a message Zalo withheld by law


async def record_protected(conn: Connection, incoming: Incoming, now: dt.datetime) -> None:
    """A message whose content the platform withheld (``message.unsupported.received``:
    the sender's account is one the law protects), for admins to follow up."""
    await audit.record(conn, actor=f"{incoming.channel}:{incoming.user_id}", action=PROTECTED, entity="chat",
                       entity_id=incoming.chat_id, after={"channel": str(incoming.channel)}, now=now)


async def protected_senders(conn: Connection, limit: int = 20) -> list[tuple[dt.datetime, str]]:
    """The latest withheld messages: (when, ``channel:user id``)."""
    return [(at, actor) for at, actor, _after in await audit.latest(conn, PROTECTED, limit)]
