"""Group chats bound to units (Telegram): reminders and ``/status`` go there.

One row per (channel, chat id); unbinding keeps the row with ``unbound_at``
set, binding again revives it. A group upgraded to a supergroup keeps its
binding under the new chat id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import GroupBinding
from storage.schema import admins, group_bindings


def _binding(row: Any) -> GroupBinding:
    return GroupBinding(
        row.id, row.channel, row.chat_id, row.unit_id, row.title, row.bound_by, row.bound_at
    )


def _where(channel: str, chat_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(group_bindings.c.channel == channel, group_bindings.c.chat_id == chat_id)


async def bind_group(
    conn: AsyncConnection, channel: str, chat_id: str, unit_id: int, *, now: dt.datetime,
    title: str | None = None, bound_by: str | None = None,
) -> GroupBinding:
    """Bind the chat to ``unit_id`` (re-binding replaces the unit)."""
    values = {"unit_id": unit_id, "title": title, "bound_by": bound_by, "bound_at": now,
              "unbound_at": None}
    updated = await conn.execute(group_bindings.update().where(_where(channel, chat_id)).values(**values))
    if not updated.rowcount:
        await conn.execute(group_bindings.insert().values(channel=channel, chat_id=chat_id, **values))
    found = await binding_for(conn, channel, chat_id)
    assert found is not None
    return found


async def binding_for(conn: AsyncConnection, channel: str, chat_id: str) -> GroupBinding | None:
    row = (
        await conn.execute(
            sa.select(group_bindings).where(
                _where(channel, chat_id), group_bindings.c.unbound_at.is_(None)
            )
        )
    ).first()
    return None if row is None else _binding(row)


async def unbind_group(conn: AsyncConnection, channel: str, chat_id: str, *, now: dt.datetime) -> bool:
    result = await conn.execute(
        group_bindings.update()
        .where(_where(channel, chat_id), group_bindings.c.unbound_at.is_(None))
        .values(unbound_at=now)
    )
    return bool(result.rowcount)


async def move_group(conn: AsyncConnection, channel: str, old_chat_id: str, new_chat_id: str) -> bool:
    """The chat got a new id (group → supergroup): the binding follows it."""
    if await binding_for(conn, channel, old_chat_id) is None:
        return False
    await conn.execute(group_bindings.delete().where(_where(channel, new_chat_id)))
    await conn.execute(
        group_bindings.update().where(_where(channel, old_chat_id)).values(chat_id=new_chat_id)
    )
    return True


async def groups_of_unit(conn: AsyncConnection, unit_id: int, channel: str | None = None) -> list[GroupBinding]:
    """The active group chats of a unit (where its reminders are also posted)."""
    query = sa.select(group_bindings).where(
        group_bindings.c.unit_id == unit_id, group_bindings.c.unbound_at.is_(None)
    )
    if channel is not None:
        query = query.where(group_bindings.c.channel == channel)
    rows = await conn.execute(query.order_by(group_bindings.c.id))
    return [_binding(r) for r in rows]


async def admin_user_ids(conn: AsyncConnection, channel: str) -> list[str]:
    """Every admin's user id on ``channel`` (their private chat has the same id on Telegram)."""
    rows = await conn.execute(
        sa.select(admins.c.user_id).where(admins.c.channel == channel).distinct()
    )
    return sorted(r.user_id for r in rows)
