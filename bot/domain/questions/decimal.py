"""``decimal``: any number, two decimals kept; rubric scores are decimals
(a penalty line runs -max..0)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.questions.base import Hint
from bot.domain.questions.numbers import NumberKind, check_range, pick_reading

if TYPE_CHECKING:
    from bot.domain.plan.model import Question


class DecimalKind(NumberKind):
    name = "decimal"

    def parse(self, q: Question, raw: str) -> float:
        def check(value: float) -> float:
            check_range(q, value)
            return round(value, 2)
        return pick_reading(q, raw, check)

    def hint(self, q: Question) -> Hint:
        hint = super().hint(q)
        high = q.upper_bound
        if high is not None and high <= 0:  # a penalty line: ask for a negative number
            return Hint("render.hint.negative", range=hint.range)
        return hint


KIND = DecimalKind()
