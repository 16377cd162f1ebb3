"""An admin reading a unit's answers: recorded, so /tongket lists only the
units whose text answers nobody has read since they last changed (the rule
is in :mod:`bot.domain.reading`)."""

from __future__ import annotations

import datetime as dt

from bot.domain.entities import Contact, Submission
from bot.domain.reading import Waiting
from bot.domain.reading import waiting as waiting_in
from bot.domain.reports import RoundData
from bot.services.runtime import Connection
from storage import reads as read_store
from storage import reports as report_store


async def mark_read(conn: Connection, sub: Submission, *, actor: str, now: dt.datetime) -> None:
    await read_store.mark_read(conn, sub.id, by=actor, now=now)


async def waiting(conn: Connection, data: RoundData) -> list[Waiting]:
    """The units of the round (in the report's scope) whose text answers wait to be read."""
    return waiting_in(data, await read_store.marks_for_round(conn, data.plan.code, data.round_id))


async def contact_of(conn: Connection, unit_id: int) -> Contact | None:
    """The officer an admin calls about the unit's report."""
    return await report_store.contact_of(conn, unit_id)
