"""Reviewing one unit's submission: find it within the admin's scope, accept
it, return it with a comment, and appraise its scores. Every change is
audited with the values before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.domain.entities import Appraisal, Recipient, Submission, Unit
from bot.domain.plan.model import Plan
from bot.services import scope
from bot.services.admin_data import round_named
from bot.services.runtime import Connection
from storage import audit
from storage import plans as plan_store
from storage import reports as report_store
from storage import submissions as sub_store

__all__ = [
    "Appraisal", "Submission", "Target", "accept", "appraise", "resolve", "return_submission", "scores_of",
]


@dataclass(frozen=True)
class Target:
    """A unit and a round, on the plan version its submission is pinned to;
    ``sub`` is ``None`` while the unit has not started."""

    unit: Unit
    plan: Plan
    plan_code: str
    round_id: str
    sub: Submission | None


async def resolve(conn: Connection, channel: str, user_id: str, unit_code: str, round_spec: str) -> Target:
    """The named unit (in the identity's scope) and round; raises the scope
    errors or ``UnknownRound``."""
    await scope.admin_roots(conn, channel, user_id)
    unit = await scope.unit_in_scope(conn, channel, user_id, unit_code)
    stored, round_id = await round_named(conn, round_spec)
    sub = await sub_store.find_submission(conn, unit.id, stored.code, round_id)
    plan = stored.plan
    if sub is not None and sub.plan_id != stored.id:
        pinned = await plan_store.get_plan(conn, sub.plan_id)
        plan = pinned.plan if pinned else plan
    return Target(unit, plan, stored.code, round_id, sub)


async def scores_of(conn: Connection, sub: Submission) -> tuple[dict[str, Any], dict[str, Appraisal]]:
    """The unit's answers and the appraised scores given so far."""
    answers = await sub_store.load_answers(conn, sub.id)
    return answers, await report_store.appraisals_of(conn, sub.id)


async def answers_of(conn: Connection, sub: Submission | None) -> dict[str, Any]:
    return await sub_store.load_answers(conn, sub.id) if sub else {}


async def accept(conn: Connection, sub: Submission, *, actor: str, now: dt.datetime) -> None:
    await sub_store.set_status(conn, sub.id, "accepted", now=now, reviewer=actor)
    await audit.record(conn, actor=actor, action="accept", entity="submission", entity_id=sub.id,
                       before={"status": sub.status}, after={"status": "accepted"}, now=now)


async def return_submission(
    conn: Connection, tg: Target, comment: str, *, actor: str, now: dt.datetime, questions: tuple[str, ...] = (),
) -> list[Recipient]:
    """Reopen the round for the unit with the comment and the ids of the
    questions it concerns (the first is where the officer lands); returns the
    officers to tell."""
    assert tg.sub is not None
    await sub_store.set_status(conn, tg.sub.id, "returned", now=now, comment=comment, reviewer=actor,
                               questions=questions)
    after: dict[str, Any] = {"status": "returned", "comment": comment}
    if questions:
        after["questions"] = list(questions)
    await audit.record(conn, actor=actor, action="return", entity="submission", entity_id=tg.sub.id,
                       before={"status": tg.sub.status, "comment": tg.sub.review_comment}, after=after, now=now)
    return await report_store.recipients(conn, {tg.unit.id})


async def appraise(
    conn: Connection, sub: Submission, key: str, points: float, *, comment: str | None, actor: str,
    now: dt.datetime,
) -> None:
    """Store one appraised score (the caller checked the criterion and range)."""
    before = await report_store.set_appraisal(conn, sub.id, key, points, by=actor, now=now, comment=comment)
    await audit.record(conn, actor=actor, action="appraise", entity="submission", entity_id=sub.id,
                       before=None if before is None else {"criterion": key, "points": before.points},
                       after={"criterion": key, "points": points, "comment": comment}, now=now)
