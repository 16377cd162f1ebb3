"""The scoring part of the report walk: the criteria the bot computes for the
unit (bot.services.scoring), as they stand today or as submitted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.entities import Submission
from bot.domain.plan.model import Plan
from bot.domain.reminders.calendar import WorkCalendar
from bot.services import filling, scoring
from bot.services.scoring import ComputedScore
from handlers.context import Ctx
from handlers.views.scoring import self_score_lines


async def computed(ctx: Ctx, plan: Plan, sub: Submission) -> list[ComputedScore]:
    """What the bot computes for this submission (a round not submitted: as if sent today)."""
    settings = ctx.rt.settings
    return await scoring.computed_for(ctx.conn, plan, sub, cal=WorkCalendar.from_settings(settings),
                                      today=ctx.today, tz=settings.tz)


async def submit(ctx: Ctx, plan: Plan, sub: Submission) -> Submission:
    """Submit (bot.services.filling); the computed points become the unit's
    answers, measured on the day it is submitted."""
    assert ctx.officer is not None
    sub = await filling.submit(ctx.conn, sub, officer_id=ctx.officer.id, actor=ctx.actor, now=ctx.now)
    await scoring.store_computed(ctx.conn, sub, await computed(ctx, plan, sub), now=ctx.now)
    return sub


async def with_score(ctx: Ctx, plan: Plan, sub: Submission, answers: Mapping[str, Any], text: str) -> str:
    """``text`` (the submit confirmation) under the running self-score and its band."""
    lines = self_score_lines(ctx.lang, plan, sub.round_id, answers, await computed(ctx, plan, sub))
    return "\n".join([*lines, text])
