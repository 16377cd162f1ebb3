"""What the admin's web page shows beyond the chat's reports: whose officers
cannot be reached, the edit history of a submission's answers, and a unit's
audit trail."""

from __future__ import annotations

from typing import Any

from bot.services.runtime import Connection
from storage import audit
from storage import reminder_targets as target_store
from storage import submissions as sub_store


async def unreachable_units(conn: Connection) -> set[int]:
    """Units that have officers none of whom can be reached on any chat
    (blocked the bot, left the platform): reminders and notices do not arrive."""
    targets = await target_store.officer_targets(conn)
    return {unit for unit, officers in targets.items() if officers and not any(o.reachable for o in officers)}


async def revisions(conn: Connection, submission_id: int) -> list[dict[str, Any]]:
    """Every earlier value of the submission's answers, oldest first."""
    return await sub_store.revisions(conn, submission_id)


async def audit_trail(conn: Connection, unit_id: int) -> list[dict[str, Any]]:
    """Who did what to the unit, its officers and its submissions, newest first."""
    return await audit.about_unit(conn, unit_id)
