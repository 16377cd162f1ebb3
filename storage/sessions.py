"""Conversation sessions (one per chat identity) and processed-update keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import StaleState
from bot.domain.entities import Identity, Officer, Session, Unit
from storage.officers import _identity, _officer
from storage.schema import identities, officers, processed_updates, sessions, units
from storage.units import _unit


def _labelled(prefix: str, table: sa.Table) -> list[sa.Label[Any]]:
    return [c.label(f"{prefix}{c.name}") for c in table.c]


def _arrival_statement() -> sa.Select[Any]:
    """Who wrote (identity, officer who has not left, their unit) and their
    session, in one read: an outer join from the (channel, user) pair itself,
    so a stranger's row is all NULL but the session's. Built once."""
    who = sa.select(
        sa.bindparam("channel", type_=sa.String).label("channel"), sa.bindparam("user_id", type_=sa.String).label("user_id")
    ).subquery("who")
    return (
        sa.select(*_labelled("i_", identities), *_labelled("o_", officers), *_labelled("u_", units),
                  sessions.c.flow, sessions.c.state, sessions.c.locale, sessions.c.version)
        .select_from(who)
        .outerjoin(identities, sa.and_(identities.c.channel == who.c.channel, identities.c.user_id == who.c.user_id))
        .outerjoin(officers, sa.and_(officers.c.id == identities.c.officer_id, officers.c.left_at.is_(None)))
        .outerjoin(units, units.c.id == officers.c.unit_id)
        .outerjoin(sessions, sa.and_(sessions.c.channel == who.c.channel, sessions.c.user_id == who.c.user_id))
    )


_ARRIVAL = _arrival_statement()


class _Prefixed:
    """A row's ``<prefix><column>`` fields as attributes, for the row mappers."""

    __slots__ = ("_prefix", "_row")

    def __init__(self, row: Any, prefix: str) -> None:
        self._row, self._prefix = row, prefix

    def __getattr__(self, name: str) -> Any:
        return self._row._mapping[self._prefix + name]


Arrived = tuple[Officer | None, Identity | None, Unit | None, Session]


def _claimed_arrival_statement() -> sa.Select[Any]:
    """PostgreSQL: the replay guard's insert as a data-modifying CTE of the
    arrival read — one round trip, not two; ``claimed`` counts the row it
    inserted (0 for a replay). Built once."""
    from sqlalchemy.dialects import postgresql

    claim = postgresql.insert(processed_updates).values(  # bind names apart from the columns': SQLAlchemy reserves those
        channel=sa.bindparam("c_channel", type_=sa.String), update_key=sa.bindparam("c_key", type_=sa.String),
        processed_at=sa.bindparam("c_at", type_=processed_updates.c.processed_at.type),
    ).on_conflict_do_nothing(
        index_elements=[processed_updates.c.channel, processed_updates.c.update_key]
    ).returning(processed_updates.c.update_key).cte("claim")
    return _ARRIVAL.add_columns(sa.select(sa.func.count()).select_from(claim).scalar_subquery().label("claimed"))


_CLAIMED_ARRIVAL = _claimed_arrival_statement()


async def claimed_arrival(
    conn: AsyncConnection, channel: str, user_id: str, key: str, now: dt.datetime
) -> Arrived | None:
    """Claim the update ``key`` (:func:`claim_update`) and read who sent it
    (:func:`arrival`); ``None`` for a replay. One statement on PostgreSQL."""
    if conn.dialect.name != "postgresql":
        if not await claim_update(conn, channel, key, now):
            return None
        return await arrival(conn, channel, user_id)
    row = (await conn.execute(_CLAIMED_ARRIVAL, {
        "channel": channel, "user_id": user_id, "c_channel": channel, "c_key": key, "c_at": now})).one()
    return _arrived(row) if row.claimed == 1 else None


async def arrival(conn: AsyncConnection, channel: str, user_id: str) -> Arrived:
    """The active officer behind a chat identity (``None`` when not
    registered, or left), the identity, the officer's unit and the session."""
    return _arrived((await conn.execute(_ARRIVAL, {"channel": channel, "user_id": user_id})).one())


def _arrived(row: Any) -> Arrived:
    session = Session(None, {}, None) if row.version is None else Session(
        row.flow, dict(row.state or {}), row.locale, row.version)
    if row.o_id is None:
        return None, None, None, session
    return _officer(_Prefixed(row, "o_")), _identity(_Prefixed(row, "i_")), _unit(_Prefixed(row, "u_")), session


async def load_session(conn: AsyncConnection, channel: str, user_id: str) -> Session:
    row = (
        await conn.execute(
            sa.select(sessions.c.flow, sessions.c.state, sessions.c.locale, sessions.c.version).where(
                sessions.c.channel == channel, sessions.c.user_id == user_id
            )
        )
    ).first()
    if row is None:
        return Session(None, {}, None)
    return Session(row.flow, dict(row.state or {}), row.locale, row.version)


def _save_statement(*, versioned: bool) -> sa.Update:
    """The session's update, built once (the version compared or not)."""
    where = [sessions.c.channel == sa.bindparam("w_channel"), sessions.c.user_id == sa.bindparam("w_user_id")]
    if versioned:
        where.append(sessions.c.version == sa.bindparam("w_version"))
    return sessions.update().where(*where).values(version=sessions.c.version + 1)


_SAVE, _SAVE_IF_VERSION = _save_statement(versioned=False), _save_statement(versioned=True)


async def save_session(
    conn: AsyncConnection, channel: str, user_id: str, chat_id: str, *, flow: str | None,
    state: dict[str, Any] | None, locale: str | None, now: dt.datetime, expected_version: int | None = None,
) -> None:
    """Store the session. With ``expected_version`` (the version that was
    loaded) the write only succeeds if nobody saved it since: another replica
    handling the same person's other message raises :class:`~bot.core.errors.StaleState`."""
    values = {"chat_id": chat_id, "flow": flow, "state": state or {}, "locale": locale, "updated_at": now}
    keys = {"w_channel": channel, "w_user_id": user_id}
    if expected_version:
        result = await conn.execute(_SAVE_IF_VERSION, {**values, **keys, "w_version": expected_version})
    else:
        result = await conn.execute(_SAVE, {**values, **keys})
    if (result.rowcount or 0) == 1:
        return
    if expected_version:
        raise StaleState(f"session {channel}:{user_id} changed since version {expected_version}")
    try:
        async with conn.begin_nested():
            await conn.execute(sessions.insert().values(channel=channel, user_id=user_id, version=1, **values))
    except IntegrityError as exc:
        if expected_version is not None:  # created meanwhile by another replica
            raise StaleState(f"session {channel}:{user_id} created concurrently") from exc
        raise


_CLAIMS: dict[str, Any] = {}


def _claim_statement(dialect: str) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for the dialect, built once."""
    if dialect not in _CLAIMS:
        from sqlalchemy.dialects import postgresql, sqlite

        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        _CLAIMS[dialect] = insert(processed_updates).on_conflict_do_nothing(
            index_elements=[processed_updates.c.channel, processed_updates.c.update_key])
    return _CLAIMS[dialect]


async def claim_update(conn: AsyncConnection, channel: str, key: str, now: dt.datetime) -> bool:
    """True the first time ``key`` is seen on ``channel``; False for a replay
    (one statement: the insert that the primary key refuses)."""
    result = await conn.execute(_claim_statement(conn.dialect.name),
                                {"channel": channel, "update_key": key, "processed_at": now})
    return (result.rowcount or 0) == 1


async def forget_updates_before(conn: AsyncConnection, before: dt.datetime) -> int:
    result = await conn.execute(processed_updates.delete().where(processed_updates.c.processed_at < before))
    return result.rowcount or 0


async def set_locale(conn: AsyncConnection, channel: str, user_id: str, locale: str, now: dt.datetime) -> None:
    """Set the language of an identity's session (the chat's, which the web
    page shares), creating the session of a private chat (chat id = user id)
    if it has none; the version moves on, so a chat update racing with it is
    handled again with the new language."""
    where = [sessions.c.channel == channel, sessions.c.user_id == user_id]
    result = await conn.execute(sessions.update().where(*where).values(
        locale=locale, updated_at=now, version=sessions.c.version + 1))
    if (result.rowcount or 0) == 0:
        await conn.execute(sessions.insert().values(channel=channel, user_id=user_id, chat_id=user_id, flow=None,
                                                    state={}, locale=locale, updated_at=now, version=1))
