"""Numbers as officers type them: ``1,000`` at a count is a thousand; at a
decimal question it is asked about when both readings fit; a unit word after
the number is dropped (``12 buổi``) unless it changes the number."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.errors import AnswerUnclear
from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.plan.model import Question, QuestionType
from bot.domain.questions import kind_of

T = QuestionType


def q(type_: QuestionType, **kw: Any) -> Question:
    return Question(id="q", type=type_, text="?", **kw)


@pytest.mark.parametrize(("raw", "value"), [
    ("1,000", 1000), ("12,500", 12500), ("1,000,000", 1000000), ("1.000", 1000),
    ("12 buổi", 12), ("12 người", 12), ("12 lượt", 12), ("1.250 lượt người", 1250),
    ("12buổi", 12), ("1,000 người", 1000), ("12 NGƯỜI", 12),
])
def test_integer_reads(raw: str, value: int) -> None:
    got = parse_answer(q(T.INTEGER), raw)
    assert got == value and isinstance(got, int)


@pytest.mark.parametrize("raw", [
    "12 buổi 3 lượt", "12 hoặc 13", "12 nghìn", "2 rưỡi", "12 hai", "mười hai buổi", "ba", "1e3", "buổi 12",
    "12k", "2,5", "1,5 buổi",
])
def test_integer_refuses_with_a_whole_example(raw: str) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(q(T.INTEGER), raw)
    assert err.value.key in ("answer.not_a_whole_number", "answer.not_integer")


def test_integer_non_number_error_is_the_whole_one() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(q(T.INTEGER), "ba")
    assert (err.value.key, err.value.params) == ("answer.not_a_whole_number", {"value": "ba"})


def test_decimal_asks_when_a_comma_could_be_either() -> None:
    with pytest.raises(AnswerUnclear) as err:
        parse_answer(q(T.DECIMAL), "1,000")
    assert err.value.key == "answer.thousands_or_decimal"
    assert err.value.choices == (1000.0, 1.0)
    assert err.value.params == {"value": "1,000"}


@pytest.mark.parametrize(("type_", "kw", "raw", "value"), [
    (T.DECIMAL, {"max": 10}, "1,000", 1.0),  # a thousand is out of range: one reading left
    (T.PERCENT, {}, "1,000", 1.0),
    (T.PERCENT, {}, "12,500%", 12.5),
    (T.DECIMAL, {}, "85,5", 85.5),
    (T.DECIMAL, {}, "1,000,000", 1000000.0),
    (T.DECIMAL, {}, "4,5 điểm", 4.5),
    (T.PERCENT, {}, "85 phần trăm", 85.0),
])
def test_decimal_and_percent_take_the_only_fitting_reading(type_: QuestionType, kw: dict[str, Any],
                                                             raw: str, value: float) -> None:
    assert parse_answer(q(type_, **kw), raw) == value


def test_decimal_out_of_range_both_ways_refuses() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(q(T.DECIMAL, min=2000, max=3000), "1,000")
    assert not isinstance(err.value, AnswerUnclear) and err.value.key == "answer.out_of_range"


def test_integer_hint_has_no_decimal_example() -> None:
    hint = kind_of("integer").hint(q(T.INTEGER, max=10))
    assert hint.key == "render.hint.integer"
    assert hint.range is not None and all(float(b).is_integer() for b in hint.range)
