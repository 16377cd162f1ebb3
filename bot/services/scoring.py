"""The criteria the bot computes for a unit's scoring round (the rule is in
``bot.domain.scoring``): measure how late each round they name is, and store
their points as the unit's answers when it submits."""

from __future__ import annotations

import datetime as dt

from bot.domain.entities import Submission
from bot.domain.plan.model import Plan
from bot.domain.reminders.calendar import Lateness, WorkCalendar
from bot.domain.scoring import (
    ComputedScore,
    computed_criteria,
    computed_rounds,
    computed_score,
    rubric_of,
)
from bot.domain.status import DONE
from bot.services.runtime import Connection
from storage import submissions as sub_store

__all__ = ["ComputedScore", "computed_for", "store_computed"]


async def _lateness(
    conn: Connection, plan: Plan, sub: Submission, round_id: str, *, cal: WorkCalendar, today: dt.date,
    tz: dt.tzinfo,
) -> Lateness:
    """A round submitted is as late as it was on its day; one not submitted,
    as late as it is today (the scoring round itself: as if sent today)."""
    other = sub if round_id == sub.round_id else await sub_store.find_submission(
        conn, sub.unit_id, sub.plan_code, round_id)
    done = other is not None and other.status in DONE and other.submitted_at is not None
    day = other.submitted_at.astimezone(tz).date() if done and other and other.submitted_at else today
    rnd = plan.round(round_id)
    return Lateness(0, 0) if rnd.undated else cal.lateness(rnd.due, day)  # no date yet: never late


async def computed_for(
    conn: Connection, plan: Plan, sub: Submission, *, cal: WorkCalendar, today: dt.date, tz: dt.tzinfo,
) -> list[ComputedScore]:
    """The computed criteria of the unit's scoring round, as they stand
    (``today``: the day a report not yet submitted would be sent)."""
    rubric = rubric_of(plan, sub.round_id)
    if rubric is None:
        return []
    out = []
    for qid, c in computed_criteria(rubric):
        lateness = {rid: await _lateness(conn, plan, sub, rid, cal=cal, today=today, tz=tz)
                    for rid in computed_rounds(c, sub.round_id)}
        out.append(computed_score(qid, c, lateness))
    return out


async def store_computed(conn: Connection, sub: Submission, scores: list[ComputedScore], *, now: dt.datetime) -> None:
    """Store the computed points as answers (no officer gave them)."""
    for s in scores:
        await sub_store.save_answer(conn, sub, s.question_id, s.points, officer_id=None, now=now)
