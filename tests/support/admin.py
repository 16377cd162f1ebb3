"""Helpers for admin chat tests: grant admin rights, a recording sender."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.messages import Channel, Outgoing
from bot.services.runtime import Runtime
from storage import admins as admin_store
from storage import units as unit_store


@dataclass
class RecordingSender:
    """Stands in for a channel adapter: keeps what the router pushes."""

    channel: Channel = Channel.CONSOLE
    sent: list[tuple[str, Outgoing]] = field(default_factory=list)

    async def send(self, chat_id: str, message: Outgoing) -> str:
        self.sent.append((chat_id, message))
        return str(len(self.sent))


async def make_admin(rt: Runtime, user: str, unit_code: str, channel: str = "console") -> None:
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, unit_code)
        assert unit is not None
        await admin_store.add_admin(conn, channel, user, unit.id, now=rt.clock.now(), created_by="test")
