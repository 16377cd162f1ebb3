"""``integer``: a count (sessions held, people reached), 0 or more by default."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.questions.base import AnswerError
from bot.domain.questions.numbers import NumberKind, check_range, read_whole

if TYPE_CHECKING:
    from bot.domain.plan.model import Question


class IntegerKind(NumberKind):
    name = "integer"
    default_min = 0

    def parse(self, q: Question, raw: str) -> int:
        value = read_whole(raw)
        if not value.is_integer():
            raise AnswerError("answer.not_integer", value=raw[:40])
        check_range(q, value)
        return int(value)

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
            return int(value)
        return super().cell(q, value, lang)


KIND = IntegerKind()
