"""The Zalo Official Account's tokens and reply windows, kept in the database.

:class:`TokenKeeper` is the adapter's :class:`~bot.core.oauth.TokenSource`.
Zalo's refresh tokens are single-use (a refresh answers a new access token
*and* a new refresh token; the old one stops working — hexasync.vn, "Zalo OA
API: Hướng dẫn cách lấy Access Token từ Refresh token": access token valid
25 hours, refresh token once, 3 months), so a refresh is done like this:

1. a short transaction locks the row (``storage.zalo_oa.lock``), sees the
   token still needs a refresh, and commits ``attempt_at`` — a durable note
   that the stored refresh token is about to be spent;
2. a second transaction locks the row again, checks the refresh token is the
   one seen (else another replica refreshed meanwhile: its pair is used),
   asks Zalo *while holding the lock* and stores the new pair, clearing
   ``attempt_at``, in that same transaction.

Two replicas therefore never spend the same refresh token, and a crash
between Zalo's answer and the commit leaves ``attempt_at`` behind with the
old pair. After a restart the old access token still serves until it
expires; the next refresh tries the old refresh token once more — if Zalo
took it, the pair is lost (``lost_at``): the admins are told exactly that
and ``dvbot zalo-oa authorize`` tells the operator how to re-seed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.errors import BadToken, TokenLost
from bot.core.oauth import Exchange, TokenPair, Window
from bot.services.runtime import Runtime, is_retryable
from storage import admins as admin_store
from storage import zalo_oa as store

log = logging.getLogger(__name__)

# Refresh this long before the access token expires (it lives about 25 h).
AHEAD = dt.timedelta(hours=2)
Alert = Callable[[str, dict[str, Any]], Awaitable[None]]  # (locale key, params) → told the admins


async def _nothing(_key: str, _params: dict[str, Any]) -> None:
    return None


class TokenKeeper:
    def __init__(self, rt: Runtime, app_id: str, exchange: Exchange, *, alert: Alert = _nothing,
                 ahead: dt.timedelta = AHEAD) -> None:
        self.rt, self.app_id, self.exchange, self.alert, self.ahead = rt, app_id, exchange, alert, ahead
        self._turn = asyncio.Lock()  # one refresher per process; the row lock does it across replicas

    async def seed(self, refresh_token: str, *, replace: bool = False) -> bool:
        async with self.rt.begin() as conn:
            return await store.seed(conn, self.app_id, refresh_token, self.rt.clock.now(), replace=replace)

    async def access_token(self) -> str:
        async with self.rt.begin() as conn:
            row = await store.read(conn, self.app_id)
        if row is None:
            raise BadToken("zalo-oa: no token stored: set DVBOT_ZALO_OA_REFRESH_TOKEN (dvbot zalo-oa authorize)")
        if row.lost_at is not None:
            raise TokenLost(f"zalo-oa: the token pair is lost ({row.lost_reason}): run dvbot zalo-oa authorize")
        if row.access_token and row.access_expires_at - self.ahead > self.rt.clock.now():
            return row.access_token
        return await self.renew(row.access_token)

    async def renew(self, refused: str) -> str:
        async with self._turn:
            for attempt in range(5):
                try:
                    return await self._refresh(refused)
                except Exception as exc:
                    if not is_retryable(exc) or attempt == 4:
                        raise
                    await asyncio.sleep(0.05 * 2 ** attempt)  # SQLite busy: another replica holds the row
        raise AssertionError("unreachable")

    async def _refresh(self, refused: str) -> str:
        now = self.rt.clock.now()
        async with self.rt.begin() as conn:
            row = await store.lock(conn, self.app_id)
            if row is None:
                raise BadToken("zalo-oa: no token stored: run dvbot zalo-oa authorize")
            if row.lost_at is not None:
                raise TokenLost(f"zalo-oa: the token pair is lost ({row.lost_reason})")
            if row.access_token and row.access_token != refused and row.access_expires_at - self.ahead > now:
                return row.access_token  # another refresher stored a fresh pair meanwhile
            crashed_before = row.attempt_at is not None
            seen = row.refresh_token
            await store.mark_attempt(conn, self.app_id, now)
        lost: str | None = None
        async with self.rt.begin() as conn:
            row = await store.lock(conn, self.app_id)
            assert row is not None
            if row.refresh_token != seen:
                return row.access_token
            try:
                pair = await self.exchange(seen)
            except BadToken as exc:
                lost = _lost_reason(crashed_before, str(exc))
                await store.mark_lost(conn, self.app_id, lost, now)
            else:
                await self._store(conn, pair, now)
                log.info("zalo-oa: access token refreshed, valid for %d s", pair.expires_in)
                return pair.access_token
        log.error("zalo-oa: %s", lost)
        await self.alert("zalo_oa.alert_token_lost", {})
        raise TokenLost(f"zalo-oa: {lost}")

    async def _store(self, conn: Any, pair: TokenPair, asked_at: dt.datetime) -> None:
        """Lifetimes count from before the request (``asked_at``): Zalo's
        clock started no earlier, so the stored expiry is never late."""
        now = asked_at
        await store.store_pair(
            conn, self.app_id, access_token=pair.access_token, refresh_token=pair.refresh_token,
            access_expires_at=now + dt.timedelta(seconds=pair.expires_in),
            refresh_expires_at=now + dt.timedelta(seconds=pair.refresh_expires_in), now=now,
        )


def _lost_reason(crashed_before: bool, refusal: str) -> str:
    if crashed_before:
        return ("a refresh was interrupted after Zalo spent the refresh token and before the new pair "
                f"was stored; Zalo now refuses the old one ({refusal})")
    return f"Zalo refused the stored refresh token (expired after 3 months, or the app was re-authorised): {refusal}"


class ContactBook:
    """The adapter's :class:`~bot.core.oauth.Contacts`: followers' reply
    windows and the quota pause, in the database."""

    def __init__(self, rt: Runtime, app_id: str, *, alert: Alert = _nothing) -> None:
        self.rt, self.app_id, self.alert = rt, app_id, alert

    async def inbound(self, user_id: str, at: dt.datetime) -> bool:
        async with self.rt.begin() as conn:
            return await store.inbound(conn, user_id, at)

    async def window(self, user_id: str) -> Window:
        async with self.rt.begin() as conn:
            row = await store.contact(conn, user_id)
        return Window(None) if row is None else Window(row.last_inbound_at, row.followed)

    async def missed(self, user_id: str, reason: str) -> None:
        async with self.rt.begin() as conn:
            await store.missed(conn, user_id, reason, self.rt.clock.now())

    async def follow(self, user_id: str, followed: bool, at: dt.datetime) -> None:
        async with self.rt.begin() as conn:
            await store.follow(conn, user_id, followed, at)

    async def quota_spent(self, until: dt.datetime, reason: str) -> None:
        async with self.rt.begin() as conn:
            first = await store.claim_quota_notice(conn, self.app_id, until, self.rt.clock.now())
        if first:
            log.error("zalo-oa: message quota spent until %s (%s); proactive sends paused", until.isoformat(), reason)
            local = until.astimezone(self.rt.settings.tz)
            await self.alert("zalo_oa.alert_quota", {"until": local.strftime("%d/%m/%Y %H:%M")})

    async def webhook_seen(self, refused: str | None) -> None:
        async with self.rt.begin() as conn:
            await store.webhook_seen(conn, self.app_id, self.rt.clock.now(), refused)


async def admin_chats(rt: Runtime) -> list[tuple[str, str, str]]:
    """Every admin once: (channel, chat id, locale) — admins' chats are their private chats."""
    async with rt.begin() as conn:
        seen: dict[tuple[str, str], str] = {}
        for admin in await admin_store.list_admins(conn):
            seen.setdefault((admin.channel, admin.user_id), rt.settings.locale)
    return [(channel, user, lang) for (channel, user), lang in seen.items()]
