"""Which plans and rounds apply to a unit, and where the unit stands in each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.checklist.engine import missing_required, review_items
from bot.domain.entities import Submission
from bot.domain.plan.model import Round
from bot.domain.status import SubmissionStatus
from bot.domain.units import reports_on
from bot.services.admin_data import unit_tree
from storage import plans as plan_store
from storage import submissions as sub_store
from storage import units as unit_store
from storage.plans import StoredPlan


@dataclass(frozen=True)
class RoundStatus:
    plan: StoredPlan  # the version the submission is pinned to (or the newest)
    round: Round
    submission: Submission | None
    answered: int
    total: int
    missing: int

    @property
    def status(self) -> str:
        return SubmissionStatus.NOT_STARTED.value if self.submission is None else self.submission.status

    def days_left(self, today: dt.date) -> int:
        return (self.round.due - today).days

    @property
    def returned_to(self) -> str | None:
        """Where a returned report opens until the officer changes it: the
        first question the admin's return named, else the first question."""
        if self.submission is None or self.status != SubmissionStatus.RETURNED:
            return None
        ids = [q.id for q in self.plan.plan.questions(self.round.id)]
        return next((qid for qid in self.submission.return_questions if qid in ids), ids[0] if ids else None)


async def applicable_plans(conn: AsyncConnection, unit_id: int) -> list[StoredPlan]:
    """Newest versions of the plans the unit reports on (the rule in
    :mod:`bot.domain.units`; a retired unit still sees its own history)."""
    tree = await unit_tree(conn)
    if unit_id not in tree:
        return []
    return [s for s in await plan_store.latest_plans(conn) if reports_on(tree, unit_id, s.plan, has_submission=True)]


async def round_status(conn: AsyncConnection, unit_id: int, newest: StoredPlan, round_id: str) -> RoundStatus:
    sub = await sub_store.find_submission(conn, unit_id, newest.code, round_id)
    stored = newest
    if sub is not None and sub.plan_id != newest.id:
        pinned = await plan_store.get_plan(conn, sub.plan_id)
        stored = pinned or newest
    questions = stored.plan.questions(round_id, unit=await unit_store.get_unit(conn, unit_id))
    answers = await sub_store.load_answers(conn, sub.id) if sub else {}
    items = review_items(questions, answers)
    return RoundStatus(
        plan=stored,
        round=stored.plan.round(round_id),
        submission=sub,
        answered=sum(1 for it in items if it.value is not None),
        total=len(items),
        missing=len(missing_required(questions, answers)),
    )


async def unit_rounds(conn: AsyncConnection, unit_id: int) -> list[RoundStatus]:
    """Every dated round the unit reports on, of every applicable plan, by deadline."""
    out = []
    tree = await unit_tree(conn)
    for stored in await applicable_plans(conn, unit_id):
        for rnd in stored.plan.dated_rounds:
            if not reports_on(tree, unit_id, stored.plan, rnd.id, has_submission=True):
                continue  # the plan's other rounds: another set of reporters
            out.append(await round_status(conn, unit_id, stored, rnd.id))
    return sorted(out, key=lambda s: (s.round.due, s.plan.code))
