"""Filling a report: load a round's walk, store an answer, submit.

Each use case does every write the step needs in the caller's transaction:
storing the first answer opens the submission (a returned one goes back to
draft); submitting also stops the unit's pending reminders for the round and
writes the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from bot.domain.entities import Submission, Unit
from bot.domain.plan.model import Plan, Question
from bot.domain.prefill import carried, earlier_rounds
from bot.domain.receipts import receipt_of
from bot.domain.status import SubmissionStatus
from bot.services.progress import RoundStatus, round_status
from bot.services.runtime import Connection
from storage import audit
from storage import plans as plan_store
from storage import reminders as reminder_store
from storage import submissions as sub_store
from storage import units as unit_store

__all__ = ["Submission", "Walk", "current_round", "load_walk", "store_answer", "submit"]


@dataclass(frozen=True)
class Walk:
    """What the checklist engine needs for one step. ``sub.id`` is 0 while
    nothing is stored: looking at a round is not starting it."""

    sub: Submission
    plan: Plan
    questions: list[Question]
    answers: dict[str, Any]
    previous: dict[str, Any]  # earlier rounds' answers to the same questions (bot.domain.prefill)


async def current_round(conn: Connection, unit_id: int, plan_code: str, round_id: str) -> RoundStatus | None:
    """Where the unit stands in a round of the newest version of a plan."""
    newest = await plan_store.latest_plan(conn, plan_code)
    if newest is None:
        return None
    return await round_status(conn, unit_id, newest, round_id)


async def load_walk(conn: Connection, unit_id: int, plan_code: str, round_id: str, *, unit: Unit | None = None) -> Walk:
    """One read for the unit's submissions on the plan with their answers
    (this round's and the earlier rounds' shown beside it); the plan version
    comes parsed from memory. ``unit``: the unit, when the caller has it."""
    mine = await sub_store.of_unit_plan(conn, unit_id, plan_code)
    if round_id in mine:
        sub, sha, answers = mine[round_id]
        plan = await plan_store.plan_of(conn, sub.plan_id, sha)
    else:
        newest = await plan_store.latest_plan(conn, plan_code)
        assert newest is not None
        sub = Submission(0, unit_id, plan_code, newest.id, round_id, SubmissionStatus.NOT_STARTED, None, None)
        plan, answers = newest.plan, {}
    # only the sections asked of this unit (applies_to: bot.domain.units.asked)
    questions = plan.questions(round_id, unit=unit if unit is not None else await unit_store.get_unit(conn, unit_id))
    earlier = [mine[rid][2] if rid in mine else {} for rid in earlier_rounds(plan, round_id)]
    return Walk(sub, plan, questions, answers, carried(questions, earlier))


async def _started(conn: Connection, sub: Submission, now: dt.datetime) -> Submission:
    """The stored submission, created as a draft on its plan version when new."""
    if sub.id:
        return sub
    return await sub_store.open_submission(conn, sub.unit_id, sub.plan_code, sub.plan_id, sub.round_id, now)


async def store_answer(
    conn: Connection, sub: Submission, question_id: str, value: Any, *, officer_id: int, now: dt.datetime,
    stored: dict[str, Any] | None = None,
) -> Submission:
    """Store one answer; returns the submission as it now stands. ``stored``:
    the submission's answers as read in this transaction (``Walk.answers``),
    so the old value is not read again."""
    known = stored is not None and sub.id != 0
    sub = await _started(conn, sub, now)
    if sub.status == SubmissionStatus.RETURNED:
        await sub_store.set_status(conn, sub.id, SubmissionStatus.DRAFT, now=now)
        sub = replace(sub, status=SubmissionStatus.DRAFT)
    await sub_store.save_answer(conn, sub, question_id, value, officer_id=officer_id, now=now,
                                old=stored if known else sub_store.UNREAD)
    return sub


async def submit(conn: Connection, sub: Submission, *, officer_id: int, actor: str, now: dt.datetime) -> Submission:
    """Submit the round: the status and receipt, the reminders that stop at
    once, the audit entry. Returns the submission as it now stands (its
    ``submit_count`` and ``submitted_at`` are what the receipt shows)."""
    sub = await _started(conn, sub, now)
    stored = await plan_store.get_plan(conn, sub.plan_id)
    assert stored is not None
    done = replace(sub, status=SubmissionStatus.SUBMITTED, submitted_at=now, submit_count=sub.submit_count + 1)
    receipt = receipt_of(stored.plan.year, done)
    await sub_store.set_status(conn, sub.id, SubmissionStatus.SUBMITTED, now=now, officer_id=officer_id)
    await reminder_store.cancel_for_submission(conn, sub.unit_id, sub.plan_code, sub.round_id)
    await audit.record(
        conn, actor=actor, action="submit", entity="submission", entity_id=sub.id,
        before={"status": sub.status}, after={"status": SubmissionStatus.SUBMITTED.value, "receipt": receipt}, now=now,
    )
    return done
