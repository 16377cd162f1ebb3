"""When an admin last read a submission's answers, and when they last changed."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reading import Marks
from storage.schema import answer_revisions, submissions


async def mark_read(conn: AsyncConnection, submission_id: int, *, by: str, now: dt.datetime) -> None:
    await conn.execute(
        submissions.update().where(submissions.c.id == submission_id)
        .values(answers_read_at=now, answers_read_by=by)
    )


async def marks_for_round(conn: AsyncConnection, plan_code: str, round_id: str) -> dict[int, Marks]:
    """submission id → its last answer change and last reading, for the round
    (one grouped query, whatever the number of units)."""
    in_round = (submissions.c.plan_code == plan_code, submissions.c.round_id == round_id)
    last_change = (
        # max() keeps the column's type: aware UTC on both dialects
        sa.select(answer_revisions.c.submission_id, sa.func.max(answer_revisions.c.changed_at).label("at"))
        .join(submissions, submissions.c.id == answer_revisions.c.submission_id)
        .where(*in_round)
        .group_by(answer_revisions.c.submission_id).subquery()
    )
    rows = await conn.execute(
        sa.select(submissions.c.id, submissions.c.answers_read_at, last_change.c.at)
        .outerjoin(last_change, last_change.c.submission_id == submissions.c.id)
        .where(*in_round)
    )
    return {r.id: Marks(changed_at=r.at, read_at=r.answers_read_at) for r in rows}
