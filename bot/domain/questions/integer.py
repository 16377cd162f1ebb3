"""``integer``: a count (sessions held, people reached), 0 or more by default.
Read and stored as an ``int``, exactly (no ``float`` on the way), up to
:data:`~bot.domain.questions.numbers.EXACT_DIGITS` digits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.questions.base import AnswerError
from bot.domain.questions.numbers import NumberKind, check_range, exact_json, read_whole

if TYPE_CHECKING:
    from bot.domain.plan.model import Question


class IntegerKind(NumberKind):
    name = "integer"
    plausible_max = 100_000  # a unit's count in one period: more is likely a slip of zeros
    default_min = 0

    def parse(self, q: Question, raw: str) -> int:
        value = read_whole(raw)
        if value != value.to_integral_value():
            raise AnswerError("answer.not_integer", value=raw[:40])
        check_range(q, value)  # a bound the plan gives is the clearer message
        whole = exact_json(value)  # then no more digits than are kept exactly
        assert isinstance(whole, int)
        return whole

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return super().cell(q, value, lang)


KIND = IntegerKind()
