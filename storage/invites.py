"""Invite codes (unit registration), link codes (a second channel), and
wrong-code throttling."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import Invite
from storage.schema import code_attempts, invites, link_codes

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())



InviteCheck = Literal["ok", "unknown", "expired", "used_up"]


async def create_invites(
    conn: AsyncConnection, unit_id: int, *, count: int, days: int, now: dt.datetime,
    max_uses: int = 1, created_by: str | None = None,
) -> list[str]:
    codes: list[str] = []
    while len(codes) < count:
        code = new_code()
        exists = (await conn.execute(sa.select(invites.c.id).where(invites.c.code == code))).first()
        if exists or code in codes:
            continue
        await conn.execute(
            invites.insert().values(
                code=code, unit_id=unit_id, created_by=created_by, created_at=now,
                expires_at=now + dt.timedelta(days=days), max_uses=max_uses, uses=0,
            )
        )
        codes.append(code)
    return codes


async def check_invite(conn: AsyncConnection, code: str, now: dt.datetime) -> tuple[InviteCheck, Invite | None]:
    row = (await conn.execute(sa.select(invites).where(invites.c.code == normalise_code(code)))).first()
    if row is None or row.revoked_at is not None:
        return "unknown", None
    inv = Invite(row.id, row.code, row.unit_id, row.expires_at, row.max_uses, row.uses, row.revoked_at)
    if inv.expires_at <= now:
        return "expired", inv
    if inv.uses >= inv.max_uses:
        return "used_up", inv
    return "ok", inv


async def use_invite(conn: AsyncConnection, invite_id: int) -> bool:
    """Count one use, only if uses remain (safe against two people racing)."""
    result = await conn.execute(
        invites.update()
        .where(invites.c.id == invite_id, invites.c.uses < invites.c.max_uses)
        .values(uses=invites.c.uses + 1)
    )
    return (result.rowcount or 0) == 1


# ---- wrong-code throttling ------------------------------------------------------------

FREE_ATTEMPTS = 3


def _delay(failures: int) -> dt.timedelta:
    """After three free tries, wait 1, 2, 4 … minutes (at most an hour)."""
    return dt.timedelta(minutes=min(60, 2 ** (failures - FREE_ATTEMPTS)))


async def blocked_until(conn: AsyncConnection, channel: str, user_id: str, now: dt.datetime) -> dt.datetime | None:
    row = (
        await conn.execute(
            sa.select(code_attempts.c.blocked_until).where(
                code_attempts.c.channel == channel, code_attempts.c.user_id == user_id
            )
        )
    ).first()
    if row is None or row.blocked_until is None or row.blocked_until <= now:
        return None
    return row.blocked_until


async def record_failure(conn: AsyncConnection, channel: str, user_id: str, now: dt.datetime) -> dt.datetime | None:
    """Count a wrong code; returns the time until which this chat must wait, if any."""
    row = (
        await conn.execute(
            sa.select(code_attempts.c.failures).where(
                code_attempts.c.channel == channel, code_attempts.c.user_id == user_id
            )
        )
    ).first()
    failures = (row.failures if row else 0) + 1
    until = now + _delay(failures) if failures >= FREE_ATTEMPTS else None
    values = {"failures": failures, "last_failure_at": now, "blocked_until": until}
    if row is None:
        await conn.execute(code_attempts.insert().values(channel=channel, user_id=user_id, **values))
    else:
        await conn.execute(
            code_attempts.update()
            .where(code_attempts.c.channel == channel, code_attempts.c.user_id == user_id)
            .values(**values)
        )
    return until


async def clear_failures(conn: AsyncConnection, channel: str, user_id: str) -> None:
    await conn.execute(
        code_attempts.delete().where(code_attempts.c.channel == channel, code_attempts.c.user_id == user_id)
    )


# ---- link codes ---------------------------------------------------------------------------


async def create_link_code(conn: AsyncConnection, officer_id: int, now: dt.datetime, minutes: int = 30) -> str:
    code = "L" + new_code(7)
    await conn.execute(
        link_codes.insert().values(
            code=code, officer_id=officer_id, created_at=now,
            expires_at=now + dt.timedelta(minutes=minutes),
        )
    )
    return code


async def use_link_code(conn: AsyncConnection, code: str, now: dt.datetime) -> int | None:
    """The officer id a valid, unused link code belongs to (the code is spent)."""
    code = normalise_code(code)
    row = (await conn.execute(sa.select(link_codes).where(link_codes.c.code == code))).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    result = await conn.execute(
        link_codes.update().where(link_codes.c.id == row.id, link_codes.c.used_at.is_(None)).values(used_at=now)
    )
    return row.officer_id if (result.rowcount or 0) == 1 else None
