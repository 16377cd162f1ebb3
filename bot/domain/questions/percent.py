"""``percent``: a share 0..100, typed with or without "%"; two decimals kept,
exactly as :mod:`~bot.domain.questions.decimal` keeps them (a JSON number)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from bot.domain.questions.base import AnswerError
from bot.domain.questions.numbers import NumberKind, check_range, pick_reading, to_cents

if TYPE_CHECKING:
    from bot.domain.plan.model import Question


class PercentKind(NumberKind):
    name = "percent"
    unit = "%"
    default_min = 0
    default_max = 100
    hint_range = False  # the hint already says 0 to 100

    def check_bounds(self, q: Question) -> None:
        super().check_bounds(q)
        for bound in (q.min, q.max):
            if bound is not None and not 0 <= bound <= 100:
                raise ValueError("percent bounds must lie in 0..100")

    def parse(self, q: Question, raw: str) -> int | float:
        s = raw.strip()
        if s.endswith("%"):
            s = s[:-1].strip()

        def check(value: Decimal) -> Decimal:
            if not 0 <= value <= 100:
                raise AnswerError("answer.percent_range")
            check_range(q, value)
            return to_cents(value)
        return pick_reading(q, s, check)


KIND = PercentKind()
