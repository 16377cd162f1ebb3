"""``decimal``: any number, two decimals kept; rubric scores are decimals
(a penalty line runs -max..0).

Read as a ``Decimal`` and rounded to cents there (half up), then stored as a
JSON number, never a string: an ``int`` when whole, else the ``float`` whose
shortest form is exactly those digits (``12,35`` is stored as ``12.35`` and
reads back as ``12.35``; at most 15 significant digits, see
:func:`~bot.domain.questions.numbers.exact_json`). So the summary, the
export and ``when`` ranges read it as any number."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from bot.domain.questions.base import Hint
from bot.domain.questions.numbers import NumberKind, check_range, pick_reading, to_cents

if TYPE_CHECKING:
    from bot.domain.plan.model import Question


class DecimalKind(NumberKind):
    name = "decimal"
    plausible_max = 1_000_000  # an amount in a report's own unit (triệu đồng): a million is doubtful

    def parse(self, q: Question, raw: str) -> int | float:
        def check(value: Decimal) -> Decimal:
            check_range(q, value)
            return to_cents(value)
        return pick_reading(q, raw, check)

    def hint(self, q: Question) -> Hint:
        hint = super().hint(q)
        high = q.upper_bound
        if high is not None and high <= 0:  # a penalty line: ask for a negative number
            return Hint("render.hint.negative", range=hint.range)
        return hint


KIND = DecimalKind()
