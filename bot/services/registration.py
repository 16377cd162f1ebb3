"""Registering with an invite code, linking a second chat with a link code,
the profile and leaving; wrong codes are throttled and every change is
audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.core.messages import Incoming
from bot.domain.entities import Officer, Unit
from bot.services.runtime import Connection
from storage import audit
from storage import invites as invite_store
from storage import officers as officer_store
from storage import units as unit_store

CodeOutcome = Literal["ok", "throttled", "unknown", "expired", "used_up", "bad"]


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """What came of a code. ``wait_until``: when ``throttled``, the end of the
    wait; after a wrong code, the wait that code started (if any)."""

    outcome: CodeOutcome
    unit: Unit | None = None
    invite_id: int | None = None
    officer: Officer | None = None
    wait_until: dt.datetime | None = None


def _actor(incoming: Incoming) -> str:
    return f"{incoming.channel}:{incoming.user_id}"


def is_link_code(code: str) -> bool:
    """Link codes are an ``L`` and seven more letters or digits."""
    return code.upper().startswith("L") and len(invite_store.normalise_code(code)) == 8


async def unit_of(conn: Connection, unit_id: int) -> Unit:
    return await unit_store.get_unit(conn, unit_id)


async def check_invite_code(conn: Connection, incoming: Incoming, code: str, now: dt.datetime) -> CodeCheck:
    """Check an invite code, slowly after repeated failures; a good one names
    the unit it registers for (the invite is spent only on :func:`register`)."""
    until = await invite_store.blocked_until(conn, incoming.channel, incoming.user_id, now)
    if until is not None:
        return CodeCheck("throttled", wait_until=until)
    result, invite = await invite_store.check_invite(conn, code, now)
    if result != "ok" or invite is None:
        blocked = await invite_store.record_failure(conn, incoming.channel, incoming.user_id, now)
        return CodeCheck(result, wait_until=blocked)
    await invite_store.clear_failures(conn, incoming.channel, incoming.user_id)
    unit = await unit_store.get_unit(conn, invite.unit_id)
    return CodeCheck("ok", unit=unit, invite_id=invite.id)


async def link_identity(conn: Connection, incoming: Incoming, code: str, now: dt.datetime) -> CodeCheck:
    """Spend a link code: the sender's chat joins the code's officer."""
    until = await invite_store.blocked_until(conn, incoming.channel, incoming.user_id, now)
    if until is not None:
        return CodeCheck("throttled", wait_until=until)
    officer_id = await invite_store.use_link_code(conn, code, now)
    if officer_id is None:
        await invite_store.record_failure(conn, incoming.channel, incoming.user_id, now)
        return CodeCheck("bad")
    await officer_store.add_identity(
        conn, officer_id, incoming.channel, incoming.user_id, incoming.chat_id, incoming.user_name, now=now
    )
    officer = await officer_store.get_officer(conn, officer_id)
    assert officer is not None
    unit = await unit_store.get_unit(conn, officer.unit_id)
    await audit.record(conn, actor=_actor(incoming), action="link_identity", entity="officer",
                       entity_id=officer_id, after={"channel": str(incoming.channel)}, now=now)
    return CodeCheck("ok", unit=unit, officer=officer)


@dataclass(frozen=True, slots=True)
class Profile:
    full_name: str
    position: str
    phone: str


async def register(
    conn: Connection, incoming: Incoming, *, invite_id: int, unit_id: int, profile: Profile,
    locale: str, now: dt.datetime,
) -> tuple[Officer, Unit] | None:
    """Spend the invite and create the officer; ``None`` when the invite was
    used up meanwhile."""
    if not await invite_store.use_invite(conn, invite_id):
        return None
    officer = await officer_store.create_officer(
        conn, unit_id=unit_id, full_name=profile.full_name, position=profile.position, phone=profile.phone,
        locale=locale, channel=incoming.channel, user_id=incoming.user_id, chat_id=incoming.chat_id,
        display_name=incoming.user_name, now=now,
    )
    await audit.record(conn, actor=_actor(incoming), action="register", entity="officer", entity_id=officer.id,
                       after={"unit_id": officer.unit_id, "name": officer.full_name}, now=now)
    return officer, await unit_store.get_unit(conn, officer.unit_id)


async def profile_of(conn: Connection, officer: Officer) -> tuple[Unit, list[str]]:
    """The officer's unit and the channels they can be reached on (sorted)."""
    unit = await unit_store.get_unit(conn, officer.unit_id)
    channels = sorted({i.channel for i in await officer_store.identities_of(conn, officer.id)})
    return unit, channels


async def leave(conn: Connection, officer: Officer, *, actor: str, now: dt.datetime) -> None:
    await officer_store.leave(conn, officer.id, now=now)
    await audit.record(conn, actor=actor, action="leave", entity="officer", entity_id=officer.id, now=now)


async def new_link_code(conn: Connection, officer: Officer, now: dt.datetime) -> str:
    return await invite_store.create_link_code(conn, officer.id, now)


async def set_language(conn: Connection, officer: Officer, locale: str) -> None:
    await officer_store.set_locale(conn, officer.id, locale)
