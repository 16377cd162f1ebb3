"""An admin's message to the officers of every unit under some roots, at most
once every few minutes per admin, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.domain.entities import Recipient
from bot.domain.units import subtree
from bot.services.admin_data import unit_tree
from bot.services.runtime import Connection
from storage import admins as admin_store
from storage import audit
from storage import reports as report_store

MIN_INTERVAL = dt.timedelta(minutes=10)


async def recipients(conn: Connection, roots: list[int], *, exclude: tuple[str, str]) -> list[Recipient]:
    """The officers of the active units under ``roots``, without the
    ``exclude`` chat (channel, chat id): the sender is not told their own news."""
    tree = await unit_tree(conn)
    units: set[int] = set()
    for root in roots:
        units.update(u for u in subtree(tree, root) if not tree[u].retired)
    return [r for r in await report_store.recipients(conn, units) if (r.channel, r.chat_id) != exclude]


@dataclass(frozen=True)
class Broadcast:
    """Who gets the message, or how long the admin must still wait."""

    recipients: list[Recipient]
    wait: dt.timedelta | None = None


async def broadcast(
    conn: Connection, text: str, roots: list[int], *, exclude: tuple[str, str], actor: str, now: dt.datetime
) -> Broadcast:
    last = await admin_store.last_action_at(conn, actor, "broadcast")
    if last is not None and now - last < MIN_INTERVAL:
        return Broadcast([], wait=MIN_INTERVAL - (now - last))
    found = await recipients(conn, roots, exclude=exclude)
    await audit.record(conn, actor=actor, action="broadcast", entity="broadcast",
                       after={"text": text, "recipients": len(found)}, now=now)
    return Broadcast(found)
