"""What the number types (integer, percent, decimal) share: reading a
Vietnamese-written number, bounds, display, cells and min/median/max.

Numbers are exact: a reply is read as a :class:`~decimal.Decimal`, never
through ``float`` (``99999999999999999999999`` used to become
``99999999999999991611392``). What is stored is a JSON number: an ``int``
for a whole value, else a ``float`` whose shortest form is the decimal
typed (see :func:`exact_json`). That holds for at most
:data:`EXACT_DIGITS` significant digits, so a longer number is refused with
``answer.too_many_digits`` (no count or amount in a report is that long; a
spreadsheet keeps 15 digits too, and SQLite's JSON column turns an integer
beyond 64 bits into a float).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from bot.core.errors import AnswerUnclear
from bot.domain.questions.base import AnswerError, Doubt, Hint, Number, QuestionKind, Shown, Stat
from bot.domain.questions.stats import count_meeting, numbers_in, spread, target_json
from bot.domain.questions.stats import meets as meets_target

if TYPE_CHECKING:
    from bot.domain.plan.model import Question

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# Vietnamese writes thousands with dots or spaces ("1.250", "1 250") and decimals
# with a comma ("85,5"); a phone keyboard often gives "85.5" for the decimal.
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:(?:\.\d{3})+|(?: \d{3})+)$")
# English-style thousands ("1,000"): only a count cannot mean a decimal by it;
# with two or more groups ("1,000,000") it cannot be a decimal anywhere.
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$")
_COMMA_ONE_GROUP = re.compile(r"^[+-]?\d{1,3},\d{3}$")
_BARE = re.compile(r"^[+-]?\d[\d., ]*%?$")  # digits and separators only: no words
# A number followed by unit words ("12 buổi", "12 lượt người"): the words go.
_WITH_UNIT = re.compile(r"^(?P<number>[+-]?\d[\d., ]*?)\s*(?P<unit>[^\W\d_]+(?:\s+[^\W\d_]+)*)$")
# Words that change or continue the number ("12 nghìn", "2 rưỡi", "12 hai"):
# dropping them would store a wrong value, so such a reply is refused.
_NUMBER_WORDS = frozenset(
    "không một mốt hai ba bốn tư lăm sáu bảy tám chín mười mươi trăm nghìn ngàn triệu tỷ tỉ chục "
    "rưỡi rưởi phẩy lẻ linh k tr và hoặc đến tới "
    "zero one two three four five six seven eight nine ten hundred thousand million billion "
    "point half and or to".split()
)


def _without_unit(s: str) -> str | None:
    """``"12 buổi"`` → ``"12"``; ``None`` when the words would change the number."""
    m = _WITH_UNIT.match(s)
    if m is None:
        return s
    unit = m["unit"].lower().replace("phần trăm", "%")  # "trăm" alone would change the number
    if any(w in _NUMBER_WORDS for w in unit.split()):
        return None
    return m["number"].strip()


def _clean(raw: str) -> str:
    s = raw.strip().replace("\u00a0", " ")
    return _without_unit(s) or ""


EXACT_DIGITS = 15  # significant digits a stored number keeps exactly (IEEE double, Excel)
CENT = Decimal("0.01")  # decimals and percentages keep two places


def _to_decimal(s: str, raw: str) -> Decimal:
    if _THOUSANDS.match(s) or (_COMMA_THOUSANDS.match(s) and not _COMMA_ONE_GROUP.match(s)):
        s = s.replace(".", "").replace(" ", "").replace(",", "")
    if not _NUMBER.match(s):  # digits only: no "NaN", "1e309" or "∞" gets through
        raise AnswerError("answer.not_a_number", value=raw[:40])
    return Decimal(s.replace(",", "."))


def read_number(raw: str) -> Decimal:
    """A decimal-or-whole number as Vietnamese writes it. ``"1,000"`` reads as
    1 here: the kinds that may see it ask first (:func:`readings`)."""
    return _to_decimal(_clean(raw), raw)


def read_whole(raw: str) -> Decimal:
    """A count: ``"1,000"`` is a thousand (a comma and three digits cannot be a
    decimal in a count). The error for a non-number gives a whole example."""
    s = _clean(raw)
    if _COMMA_THOUSANDS.match(s):
        s = s.replace(",", "")
    try:
        return _to_decimal(s, raw)
    except AnswerError as err:
        raise AnswerError("answer.not_a_whole_number", **err.params) from err


def readings(raw: str) -> tuple[Decimal, ...]:
    """Every value a decimal reply could mean: two for ``"1,000"`` (a thousand,
    or one with three decimals), else the one :func:`read_number` gives."""
    s = _clean(raw)
    if _COMMA_ONE_GROUP.match(s):
        return (Decimal(s.replace(",", "")), _to_decimal(s, raw))
    return (_to_decimal(s, raw),)


def to_cents(value: Decimal) -> Decimal:
    """Two decimal places, halves rounded up (``2,675`` → ``2,68``)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def exact_json(value: Decimal) -> int | float:
    """The stored JSON number for ``value``: an ``int`` when whole, else the
    ``float`` whose shortest form (``repr``) is the decimal itself; refused
    beyond :data:`EXACT_DIGITS` significant digits, where that stops holding."""
    if value == value.to_integral_value():
        if value.adjusted() >= EXACT_DIGITS:  # before int(): a 5,000-digit reply stays cheap
            raise AnswerError("answer.too_many_digits", digits=EXACT_DIGITS)
        return int(value)
    if len(value.normalize().as_tuple().digits) > EXACT_DIGITS:
        raise AnswerError("answer.too_many_digits", digits=EXACT_DIGITS)
    return float(value)


def _fmt(x: float | Decimal) -> str:
    d = Decimal(str(x)) if isinstance(x, float) else Decimal(x)
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f").replace(".", ",")


def check_range(q: Question, value: float | Decimal) -> None:
    """Refuse a value outside the question's bounds (its own or its type's).
    The comparison is exact (``Decimal`` and ``int`` against a bound)."""
    low, high = q.lower_bound, q.upper_bound
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise AnswerError("answer.out_of_range", min=_fmt(low), max=_fmt(high))
        if low is not None:
            raise AnswerError("answer.too_small", min=_fmt(low))
        raise AnswerError("answer.too_large", max=_fmt(high or 0))


def pick_reading(q: Question, raw: str, check: Callable[[Decimal], Decimal]) -> int | float:
    """The one value a decimal reply means, after ``check`` (range, rounding),
    as its stored JSON number; :class:`AnswerUnclear` when two readings both
    pass (never a guess)."""
    values = readings(raw)
    passed: list[int | float] = []
    first_error: AnswerError | None = None
    for value in values:
        try:
            passed.append(exact_json(check(value)))
        except AnswerError as err:
            first_error = first_error or err
    if len(passed) > 1:
        raise AnswerUnclear("answer.thousands_or_decimal", tuple(passed), value=raw.strip()[:40])
    if passed:
        return passed[0]
    assert first_error is not None
    raise first_error


def target_doubt(q: Question, value: float) -> Doubt | None:
    """"Giá trị này thấp hơn chỉ tiêu 100%": a number that misses the
    question's numeric target (the officer may keep it: a true figure can)."""
    t = q.target
    if t is None or (t.min is None and t.max is None) or meets_target(t, value):
        return None
    if t.min is not None and (value < t.min or (t.strict and value == t.min)):
        return Doubt("answer.doubt.below_target_strict" if t.strict else "answer.doubt.below_target", t.min)
    assert t.max is not None
    return Doubt("answer.doubt.above_target_strict" if t.strict else "answer.doubt.above_target", t.max)


class NumberKind(QuestionKind):
    """A number answer; subclasses say how it is read."""

    when_range = True
    plausible = True
    # The hint names the bounds ("từ 0 đến 10") when the question has an upper one.
    hint_range: ClassVar[bool] = True

    def bare(self, raw: str) -> bool:
        return bool(_BARE.match(raw.strip()))

    def doubt(self, q: Question, value: Any) -> Doubt | None:
        bound = q.plausible_bound
        if bound is not None and value > bound:
            return Doubt("answer.doubt.implausible", bound)
        return target_doubt(q, value)

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
        values = numbers_in(given)
        row: dict[str, Any] = {"id": q.id, "type": self.name, "text": q.text, "text_en": q.text_en,
                               **spread(values), "target": target_json(q.target), "meets_target": None}
        if q.target is not None and (q.target.min is not None or q.target.max is not None):
            row["meets_target"] = count_meeting(q.target, values)
        return Stat("numeric", row)
