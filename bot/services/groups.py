"""Group chats bound to units: binding and unbinding (audited), what the
group's ``/status`` shows, and what a channel adapter reports about chats
(unreachable, migrated to a new id, who the admins are)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Literal

from bot.domain.entities import Officer, Unit
from bot.services import scope
from bot.services.progress import RoundStatus, unit_rounds
from bot.services.runtime import Connection, Runtime
from storage import audit
from storage import groups as group_store
from storage import officers as officer_store
from storage import units as unit_store

log = logging.getLogger(__name__)

BindOutcome = Literal["linked", "unknown_unit", "not_allowed"]


@dataclass(frozen=True, slots=True)
class Chat:
    """A group chat and who is acting in it."""

    channel: str
    chat_id: str
    user_id: str
    title: str | None = None


async def bind(
    conn: Connection, chat: Chat, code: str, *, officer_unit_id: int | None, actor: str, now: dt.datetime
) -> tuple[BindOutcome, Unit | None]:
    """Bind the chat to the unit named ``code`` if the sender may (see
    :func:`~bot.services.scope.may_bind_group`); re-binding replaces the unit."""
    unit = await unit_store.find_unit(conn, code)
    if unit is None or unit.retired_at is not None:
        return "unknown_unit", None
    if not await scope.may_bind_group(conn, chat.channel, chat.user_id, officer_unit_id, unit):
        return "not_allowed", unit
    before = await group_store.binding_for(conn, chat.channel, chat.chat_id)
    await group_store.bind_group(conn, chat.channel, chat.chat_id, unit.id, now=now, bound_by=actor,
                                 title=chat.title)
    await audit.record(
        conn, actor=actor, action="group.bind", entity="group", entity_id=f"{chat.channel}:{chat.chat_id}",
        before=None if before is None else {"unit_id": before.unit_id}, after={"unit_id": unit.id}, now=now,
    )
    return "linked", unit


async def unbind(conn: Connection, chat: Chat, *, actor: str, now: dt.datetime) -> bool:
    """``False`` when the chat was not bound."""
    if not await group_store.unbind_group(conn, chat.channel, chat.chat_id, now=now):
        return False
    await audit.record(conn, actor=actor, action="group.unbind", entity="group",
                       entity_id=f"{chat.channel}:{chat.chat_id}", now=now)
    return True


@dataclass(frozen=True)
class GroupStatus:
    unit: Unit
    rounds: list[RoundStatus]
    officers: list[Officer]


async def status(conn: Connection, channel: str, chat_id: str) -> GroupStatus | None:
    """The bound unit's rounds and officers; ``None`` when the chat is not bound."""
    binding = await group_store.binding_for(conn, channel, chat_id)
    if binding is None:
        return None
    unit = await unit_store.get_unit(conn, binding.unit_id)
    rounds = await unit_rounds(conn, unit.id)
    return GroupStatus(unit, rounds, await officer_store.officers_of_unit(conn, unit.id))


async def chat_unreachable(rt: Runtime, channel: str, chat_id: str, reason: str) -> None:
    async with rt.begin() as conn:
        await officer_store.mark_unreachable(conn, channel, chat_id, reason, rt.clock.now())
        if await group_store.binding_for(conn, channel, chat_id) is not None:
            log.warning("bound group %s:%s is unreachable: %s", channel, chat_id, reason)


async def chat_migrated(rt: Runtime, channel: str, old: str, new: str) -> None:
    """The platform gave the chat a new id: its binding follows (audited)."""
    async with rt.begin() as conn:
        if await group_store.move_group(conn, channel, old, new):
            await audit.record(conn, actor=f"{channel}:platform", action="group.migrate",
                               entity="group", entity_id=f"{channel}:{new}",
                               before={"chat_id": old}, after={"chat_id": new}, now=rt.clock.now())


async def admin_chats(rt: Runtime, channel: str) -> list[str]:
    """Every admin's user id on ``channel`` (their private chat has the same id on Telegram)."""
    async with rt.begin() as conn:
        return await group_store.admin_user_ids(conn, channel)
