"""SQL for the Zalo Official Account: its token pair, its followers' reply
windows, its quota pause and its webhook's health (``storage/schema_zalo_oa.py``).

:func:`lock` is how a refresher takes its turn: it writes the row first
(``lock_seq + 1``), which takes SQLite's write lock at once — what ``BEGIN
IMMEDIATE`` does — and PostgreSQL's row lock, so a second refresher, in this
process or another replica, waits until the first commits and then reads the
pair it stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import identities, officers, units
from storage.schema_zalo_oa import zalo_oa_contacts, zalo_oa_tokens

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class TokenRow:
    app_id: str
    access_token: str
    refresh_token: str
    access_expires_at: dt.datetime
    refresh_expires_at: dt.datetime | None
    updated_at: dt.datetime
    attempt_at: dt.datetime | None
    lost_at: dt.datetime | None
    lost_reason: str | None
    quota_until: dt.datetime | None
    quota_told_at: dt.datetime | None
    webhook_ok_at: dt.datetime | None
    webhook_refused_at: dt.datetime | None
    webhook_refused_reason: str | None

    def __repr__(self) -> str:  # the tokens never reach a log line or a traceback
        return f"TokenRow(app_id={self.app_id!r}, access_expires_at={self.access_expires_at})"


def _row(r: sa.Row[object]) -> TokenRow:
    m = r._mapping
    return TokenRow(**{name: m[name] for name in TokenRow.__slots__})  # type: ignore[arg-type]


async def read(conn: AsyncConnection, app_id: str) -> TokenRow | None:
    r = (await conn.execute(sa.select(zalo_oa_tokens).where(zalo_oa_tokens.c.app_id == app_id))).one_or_none()
    return None if r is None else _row(r)


async def lock(conn: AsyncConnection, app_id: str) -> TokenRow | None:
    """The row, write-locked until this transaction ends (see the module docstring)."""
    t = zalo_oa_tokens
    await conn.execute(t.update().where(t.c.app_id == app_id).values(lock_seq=t.c.lock_seq + 1))
    return await read(conn, app_id)


async def seed(conn: AsyncConnection, app_id: str, refresh_token: str, now: dt.datetime, *, replace: bool) -> bool:
    """Store the operator's refresh token (the access token is fetched with it
    at first use). Without ``replace`` an existing row is kept (a restart does
    not reuse the spent first token); returns whether it was written."""
    current = await lock(conn, app_id)
    values = dict(access_token="", refresh_token=refresh_token, access_expires_at=EPOCH,
                  refresh_expires_at=None, updated_at=now, attempt_at=None, lost_at=None, lost_reason=None)
    if current is None:
        await conn.execute(zalo_oa_tokens.insert().values(app_id=app_id, **values))
        return True
    if not replace:
        return False
    await conn.execute(zalo_oa_tokens.update().where(zalo_oa_tokens.c.app_id == app_id).values(**values))
    return True


async def _set(conn: AsyncConnection, app_id: str, **values: object) -> None:
    await conn.execute(zalo_oa_tokens.update().where(zalo_oa_tokens.c.app_id == app_id).values(**values))


async def mark_attempt(conn: AsyncConnection, app_id: str, now: dt.datetime) -> None:
    """A refresh with the stored refresh token is about to be asked of Zalo."""
    await _set(conn, app_id, attempt_at=now)


async def store_pair(
    conn: AsyncConnection, app_id: str, *, access_token: str, refresh_token: str,
    access_expires_at: dt.datetime, refresh_expires_at: dt.datetime, now: dt.datetime,
) -> None:
    await _set(conn, app_id, access_token=access_token, refresh_token=refresh_token,
               access_expires_at=access_expires_at, refresh_expires_at=refresh_expires_at,
               updated_at=now, attempt_at=None, lost_at=None, lost_reason=None)


async def mark_lost(conn: AsyncConnection, app_id: str, reason: str, now: dt.datetime) -> None:
    await _set(conn, app_id, lost_at=now, lost_reason=reason[:300], attempt_at=None)


async def set_quota(conn: AsyncConnection, app_id: str, until: dt.datetime | None) -> None:
    await _set(conn, app_id, quota_until=until)


async def claim_quota_notice(conn: AsyncConnection, app_id: str, until: dt.datetime, now: dt.datetime) -> bool:
    """Record the quota pause; True only for the first caller of this pause
    (who tells the admins), across replicas."""
    t = zalo_oa_tokens
    told = sa.or_(t.c.quota_told_at.is_(None), t.c.quota_until.is_(None), t.c.quota_until < now)
    result = await conn.execute(t.update().where(t.c.app_id == app_id, told).values(quota_told_at=now, quota_until=until))
    if (result.rowcount or 0) == 0:
        await _set(conn, app_id, quota_until=until)
        return False
    return True


async def webhook_seen(conn: AsyncConnection, app_id: str, now: dt.datetime, refused: str | None) -> None:
    if refused is None:
        await _set(conn, app_id, webhook_ok_at=now)
    else:
        await _set(conn, app_id, webhook_refused_at=now, webhook_refused_reason=refused[:300])


# -- followers and their windows ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactRow:
    user_id: str
    last_inbound_at: dt.datetime | None
    followed: bool
    missed_at: dt.datetime | None
    missed_reason: str | None


async def contact(conn: AsyncConnection, user_id: str) -> ContactRow | None:
    c = zalo_oa_contacts
    r = (await conn.execute(sa.select(c).where(c.c.user_id == user_id))).one_or_none()
    if r is None:
        return None
    return ContactRow(r.user_id, r.last_inbound_at, bool(r.followed), r.missed_at, r.missed_reason)


async def _upsert(conn: AsyncConnection, user_id: str, now: dt.datetime, **values: object) -> None:
    c = zalo_oa_contacts
    result = await conn.execute(c.update().where(c.c.user_id == user_id).values(updated_at=now, **values))
    if (result.rowcount or 0) == 0:
        await conn.execute(c.insert().values(user_id=user_id, updated_at=now, **values))


async def inbound(conn: AsyncConnection, user_id: str, at: dt.datetime) -> bool:
    """They wrote: their windows open again. True when a message had been held back."""
    before = await contact(conn, user_id)
    await _upsert(conn, user_id, at, last_inbound_at=at, followed=True, missed_at=None, missed_reason=None)
    return before is not None and before.missed_at is not None


async def missed(conn: AsyncConnection, user_id: str, reason: str, now: dt.datetime) -> None:
    await _upsert(conn, user_id, now, missed_at=now, missed_reason=reason[:300])


async def follow(conn: AsyncConnection, user_id: str, followed: bool, now: dt.datetime) -> None:
    await _upsert(conn, user_id, now, followed=followed)


@dataclass(frozen=True, slots=True)
class Outside:
    """A registered officer on the OA outside its 7-day window (or unfollowed)."""

    user_id: str
    full_name: str
    unit_code: str
    last_inbound_at: dt.datetime | None
    followed: bool
    missed_at: dt.datetime | None


async def officers_outside(conn: AsyncConnection, before: dt.datetime) -> list[Outside]:
    """The OA's registered officers who have not written since ``before``,
    unfollowed, or had a message held back — whom reminders cannot reach."""
    c = zalo_oa_contacts.c
    query = (
        sa.select(identities.c.user_id, officers.c.full_name, units.c.code, c.last_inbound_at, c.followed, c.missed_at)
        .select_from(identities.join(officers, officers.c.id == identities.c.officer_id)
                     .join(units, units.c.id == officers.c.unit_id)
                     .outerjoin(zalo_oa_contacts, c.user_id == identities.c.user_id))
        .where(identities.c.channel == "zalo_oa", officers.c.left_at.is_(None),
               sa.or_(c.last_inbound_at.is_(None), c.last_inbound_at < before, c.followed.is_(False),
                      c.missed_at.is_not(None)))
        .order_by(units.c.code, officers.c.full_name)
    )
    return [Outside(r[0], r[1], r[2], r[3], r[4] is not False, r[5]) for r in await conn.execute(query)]
