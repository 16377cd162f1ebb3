"""Round kinds as strategies: ``Round.kind`` decides what a round asks and
whether it is scored.

``report``, ``plan`` and ``other`` rounds ask their sections' questions. A
``scoring`` round names a rubric: it asks its sections' questions (say, the
signed score sheet) and then each self-scorable criterion as a question, and
its units get scores and a band (summaries, exports, appraisal). Only a
scoring round may name a rubric, and it must name one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal, get_args

from bot.domain.plan.rubric import computed_questions, rubric_questions

if TYPE_CHECKING:  # the plan model imports this module: only types go back
    from bot.domain.plan.model import Plan, Round
    from bot.domain.plan.question import Question
    from bot.domain.plan.rubric import Rubric


class RoundKind:
    """A round that asks its sections' questions and is not scored."""

    name: ClassVar[str]
    scored: ClassVar[bool] = False

    def check(self, rnd: Round) -> None:
        """Refuse (``ValueError``) a round this kind cannot run."""
        if rnd.rubric is not None:
            raise ValueError(
                f"round {rnd.id!r} names rubric {rnd.rubric!r}, but only a scoring round "
                f"is scored (this one is kind {rnd.kind!r})"
            )
        if not rnd.sections:
            raise ValueError(f"round {rnd.id!r} has no questions and no rubric")

    def questions(self, plan: Plan, rnd: Round, *, reported: bool = False) -> list[Question]:
        """The round's questionnaire, flat (``reported``: with what the bot
        works out and stores itself, for reports on the answers)."""
        return [q for s in rnd.sections for q in s.questions]

    def rubric(self, plan: Plan, rnd: Round) -> Rubric | None:
        return None


class ReportRound(RoundKind):
    name = "report"


class PlanRound(RoundKind):
    """The unit's own yearly plan (issued? its number and date)."""

    name = "plan"


class OtherRound(RoundKind):
    name = "other"


class ScoringRound(RoundKind):
    name = "scoring"
    scored = True

    def check(self, rnd: Round) -> None:
        if rnd.rubric is None:
            raise ValueError(f"round {rnd.id!r} is a scoring round but names no rubric")

    def questions(self, plan: Plan, rnd: Round, *, reported: bool = False) -> list[Question]:
        """The sections' questions, then the rubric's criteria as questions."""
        rubric = plan.rubric(rnd.rubric or "")
        extra = computed_questions(rubric) if reported else []
        return super().questions(plan, rnd) + rubric_questions(rubric) + extra

    def rubric(self, plan: Plan, rnd: Round) -> Rubric | None:
        return plan.rubric(rnd.rubric) if rnd.rubric else None


ROUND_KINDS: dict[str, RoundKind] = {k.name: k for k in (ReportRound(), PlanRound(), OtherRound(), ScoringRound())}
# The values a plan's ``kind:`` may take; each has its strategy above.
RoundKindName = Literal["plan", "report", "scoring", "other"]
if set(get_args(RoundKindName)) != set(ROUND_KINDS):  # pragma: no cover - caught at import
    raise RuntimeError("a round kind without its strategy")


def round_kind(name: str) -> RoundKind:
    return ROUND_KINDS[name]
