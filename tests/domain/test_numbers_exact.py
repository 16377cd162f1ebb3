"""Numbers are exact (issue #11): integers never pass through ``float``,
decimals are read as ``Decimal``; a number longer than a stored value keeps
exactly is refused with a clear message, never rounded silently."""

from __future__ import annotations

import pytest

from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.plan.model import Question, QuestionType
from bot.domain.questions.numbers import EXACT_DIGITS

T = QuestionType
COUNT = Question(id="n", type=T.INTEGER, text="Số lượt người")
AMOUNT = Question(id="d", type=T.DECIMAL, text="Kinh phí")
SHARE = Question(id="p", type=T.PERCENT, text="Tỷ lệ")


def _refusal(q: Question, raw: str) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        parse_answer(q, raw)
    return info.value


def test_a_count_is_an_int_with_every_digit() -> None:
    value = parse_answer(COUNT, "123456789012345")
    assert type(value) is int and value == 123456789012345
    assert parse_answer(COUNT, "12,0") == 12 and type(parse_answer(COUNT, "12,0")) is int


def test_the_number_float_used_to_change_is_refused_not_rounded() -> None:
    # float("99999999999999999999999") is 99999999999999991611392: the bot
    # used to store that. Now it says the number is longer than it keeps.
    err = _refusal(COUNT, "99999999999999999999999")
    assert err.key == "answer.too_many_digits" and err.params == {"digits": EXACT_DIGITS}
    assert _refusal(AMOUNT, "99999999999999999999999").key == "answer.too_many_digits"
    assert _refusal(COUNT, "9" * 5000).key == "answer.too_many_digits"  # no int-conversion limit hit


def test_a_bound_the_plan_gives_is_named_before_the_digit_limit() -> None:
    bounded = Question(id="b", type=T.INTEGER, text="Số buổi", max=100)
    assert _refusal(bounded, "99999999999999999999999").key == "answer.out_of_range"


def test_decimals_keep_the_digits_typed() -> None:
    assert repr(parse_answer(AMOUNT, "0,1")) == "0.1"
    assert repr(parse_answer(AMOUNT, "1234567890123,45")) == "1234567890123.45"
    assert _refusal(AMOUNT, "12345678901234,56").key == "answer.too_many_digits"  # 16 digits
    # rounded to cents in decimal, half up: float rounding gave 2.67 (2.675 is 2.67499… in binary)
    assert parse_answer(AMOUNT, "2,6750") == 2.68 and parse_answer(SHARE, "33,3350") == 33.34
    whole = parse_answer(AMOUNT, "2500")
    assert type(whole) is int and whole == 2500


@pytest.mark.parametrize("raw", ["1e309", "NaN", "inf", "-inf", "1e5", "0x10"])
def test_no_float_spelling_gets_through(raw: str) -> None:
    for q in (COUNT, AMOUNT, SHARE):
        assert _refusal(q, raw).key.startswith("answer.not_a")
