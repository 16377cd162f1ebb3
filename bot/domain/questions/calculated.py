"""``calculated``: a figure the bot works out from earlier answers (a rate
from two counts: resolved ÷ received × 100), shown to the officer and never
typed. The plan gives its ``formula`` (:mod:`bot.domain.questions.formula`)
over earlier number questions of the round, and optionally the ``unit``
written after it (``%``). The value is kept to two decimals, exactly, and is
stored as an answer whenever an answer it reads changes
(:mod:`bot.domain.checklist.calculate`), so the review, the summary, the
export and the report read it like any number; blank while an input is
blank or a division is by zero."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.domain.questions import formula
from bot.domain.questions.base import AnswerError, Hint, Number, Shown
from bot.domain.questions.numbers import NumberKind, exact_json, to_cents

if TYPE_CHECKING:
    from bot.domain.plan.model import Question


class CalculatedKind(NumberKind):
    name = "calculated"
    asked = False  # the walk never asks it; it is worked out
    plausible = False

    def check(self, q: Question) -> None:
        super().check(q)
        if not q.formula:
            raise ValueError("a calculated question needs its formula")
        formula.parse(q.formula)  # ValueError says what is wrong
        if q.target is not None and q.target.equals is not None:
            raise ValueError("a calculated question's target is a number (min/max), not an option")

    def refs(self, q: Question) -> list[str]:
        return formula.refs(formula.parse(q.formula or ""))

    def compute(self, q: Question, answers: Mapping[str, Any]) -> int | float | None:
        value = formula.evaluate(formula.parse(q.formula or ""), answers)
        if value is None:
            return None
        try:
            return exact_json(to_cents(value))
        except AnswerError:
            return None  # beyond 15 digits: no report figure is; blank rather than wrong

    def parse(self, q: Question, raw: str) -> Any:
        raise AnswerError("answer.calculated")  # typed at it (after /sua N): it is worked out

    def doubt(self, q: Question, value: Any) -> None:
        return None

    def shown(self, q: Question, value: Any, lang: str) -> Shown:
        return Number(value, q.unit or "")

    def hint(self, q: Question) -> Hint:
        return Hint("render.hint.calculated")


KIND = CalculatedKind()
