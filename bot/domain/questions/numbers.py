"""What the number types (integer, percent, decimal) share: reading a
Vietnamese-written number, bounds, display, cells and min/median/max."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from bot.domain.questions.base import AnswerError, Hint, Number, QuestionKind, Shown, Stat
from bot.domain.questions.stats import meets as meets_target
from bot.domain.questions.stats import number_or_none, spread, target_json

if TYPE_CHECKING:
    from bot.domain.plan.model import Question

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# Vietnamese writes thousands with dots or spaces ("1.250", "1 250") and decimals
# with a comma ("85,5"); a phone keyboard often gives "85.5" for the decimal.
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:(?:\.\d{3})+|(?: \d{3})+)$")


def read_number(raw: str) -> float:
    s = raw.strip().replace("\u00a0", " ")
    if _THOUSANDS.match(s):
        s = s.replace(".", "").replace(" ", "")
    if not _NUMBER.match(s):
        raise AnswerError("answer.not_a_number", value=raw[:40])
    value = float(s.replace(",", "."))
    if not math.isfinite(value):
        raise AnswerError("answer.not_a_number", value=raw[:40])
    return value


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}".replace(".", ",")


def check_range(q: Question, value: float) -> None:
    """Refuse a value outside the question's bounds (its own or its type's)."""
    low, high = q.lower_bound, q.upper_bound
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise AnswerError("answer.out_of_range", min=_fmt(low), max=_fmt(high))
        if low is not None:
            raise AnswerError("answer.too_small", min=_fmt(low))
        raise AnswerError("answer.too_large", max=_fmt(high or 0))


class NumberKind(QuestionKind):
    """A number answer; subclasses say how it is read."""

    when_range = True
    # The hint names the bounds ("từ 0 đến 10") when the question has an upper one.
    hint_range: ClassVar[bool] = True

    def shown(self, q: Question, value: Any, lang: str) -> Shown:
        return Number(value, self.unit)

    def hint(self, q: Question) -> Hint:
        high = q.upper_bound
        if self.hint_range and high is not None:
            return Hint(f"render.hint.{self.name}", range=(q.lower_bound or 0, high))
        return Hint(f"render.hint.{self.name}")

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return super().cell(q, value, lang)

    def stat(self, q: Question, given: Sequence[Any]) -> Stat:
        values = [x for x in (number_or_none(v) for v in given) if x is not None]
        row: dict[str, Any] = {"id": q.id, "type": self.name, "text": q.text, "text_en": q.text_en,
                               **spread(values), "target": target_json(q.target), "meets_target": None}
        if q.target is not None and (q.target.min is not None or q.target.max is not None):
            row["meets_target"] = sum(1 for v in values if meets_target(q.target, v))
        return Stat("numeric", row)
