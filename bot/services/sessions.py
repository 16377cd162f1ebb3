"""The router's per-update bookkeeping: drop replays, find who wrote and the
conversation they are in, save the conversation afterwards, and remember
which chats can no longer be reached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.core.messages import Incoming
from bot.domain.entities import Identity, Officer, Session, Unit
from bot.services.runtime import Connection, Runtime
from storage import officers as officer_store
from storage import sessions as session_store


@dataclass(frozen=True, slots=True)
class Arrival:
    """Who sent an update (``None`` when not registered) and their session."""

    officer: Officer | None
    identity: Identity | None
    session: Session
    unit: Unit | None = None  # the officer's


async def arrive(conn: Connection, incoming: Incoming, now: dt.datetime) -> Arrival | None:
    """Claim the update and load its sender; ``None`` for a replayed update.

    A registered sender who was marked unreachable is reachable again: they
    just wrote to us."""
    key = incoming.update_key
    if key:
        arrived = await session_store.claimed_arrival(conn, incoming.channel, incoming.user_id, key, now)
        if arrived is None:
            return None
    else:
        arrived = await session_store.arrival(conn, incoming.channel, incoming.user_id)
    officer, identity, unit, session = arrived
    if identity is not None and identity.unreachable_at is not None:
        await officer_store.mark_reachable(conn, incoming.channel, incoming.user_id)
    return Arrival(officer, identity, session, unit)


async def save_if_changed(
    conn: Connection, incoming: Incoming, loaded: Session, *, flow: str | None,
    state: dict[str, Any], locale: str, now: dt.datetime,
) -> None:
    """Store the session when the handler changed it; raises
    :class:`~bot.core.errors.StaleState` when another replica saved it since."""
    if (flow, state) == (loaded.flow, loaded.state) and locale == loaded.locale:
        return
    await session_store.save_session(
        conn, incoming.channel, incoming.user_id, incoming.chat_id, flow=flow, state=state,
        locale=locale, now=now, expected_version=loaded.version,
    )


async def mark_unreachable(rt: Runtime, channel: str, chat_id: str, reason: str) -> None:
    """A send to ``chat_id`` failed for good: record it in its own transaction."""
    async with rt.begin() as conn:
        await officer_store.mark_unreachable(conn, channel, chat_id, reason, rt.clock.now())


async def language(conn: Connection, channel: str, user_id: str) -> str | None:
    """The language an identity chose (``/language`` in chat, the switch on
    the web page): its session's, ``None`` when it never chose."""
    return (await session_store.load_session(conn, channel, user_id)).locale


async def set_language(conn: Connection, channel: str, user_id: str, lang: str, now: dt.datetime) -> None:
    await session_store.set_locale(conn, channel, user_id, lang, now)
