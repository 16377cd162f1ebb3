"""Plans as data: the pydantic model and the YAML loader."""

from __future__ import annotations

from bot.domain.plan.loader import dump_plan, load_plan, load_plan_text, plan_hash, rollover
from bot.domain.plan.model import Plan, Question, QuestionType, Round, Rubric

__all__ = [
    "Plan",
    "Question",
    "QuestionType",
    "Round",
    "Rubric",
    "dump_plan",
    "load_plan",
    "load_plan_text",
    "plan_hash",
    "rollover",
]
