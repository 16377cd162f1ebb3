"""Implausible dates (issue #10): a date outside its round's range — after the
round's year, or before the year preceding it — is refused with a message
naming the range; the range comes from the round (the domain reads no clock)."""

from __future__ import annotations

import pytest

from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Question, QuestionType
from bot.domain.questions.date import round_range
from tests.conftest import PLANS

ISSUED = Question(id="ngay", type=QuestionType.DATE, text="Ngày ban hành kế hoạch").in_round(2025)


def _refusal(q: Question, raw: str) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        parse_answer(q, raw)
    return info.value


def test_a_date_after_the_rounds_year_is_refused_with_the_last_day() -> None:
    err = _refusal(ISSUED, "20/1/2026")  # typed 2026 for 2025: in the future for this round
    assert err.key == "answer.date_after_round"
    assert err.params == {"value": "20/01/2026", "year": 2025, "last": "31/12/2025"}
    assert _refusal(ISSUED, "20/01/2052").key == "answer.date_after_round"


def test_a_date_far_before_the_round_is_refused_with_the_first_day() -> None:
    err = _refusal(ISSUED, "2023-12-31")
    assert err.key == "answer.date_before_round" and err.params["first"] == "01/01/2024"
    assert _refusal(ISSUED, "20/1/1025").key == "answer.date_before_round"


@pytest.mark.parametrize("raw", ["01/01/2024", "20/12/2024", "31/12/2025", "20/1"])
def test_dates_inside_the_range_are_kept(raw: str) -> None:
    assert parse_answer(ISSUED, raw)


def test_a_question_outside_a_plan_has_no_range() -> None:
    free = Question(id="ngay", type=QuestionType.DATE, text="Ngày")
    assert parse_answer(free, "20/01/1990") == "1990-01-20"


def test_the_range_follows_the_rounds_deadline_year() -> None:
    plan = load_plan(PLANS / "tay-ninh-2025.yaml")
    for rnd in plan.rounds:
        for q in plan.questions(rnd.id):
            if q.type == QuestionType.DATE:
                first, last = round_range(rnd.deadline.year)
                assert q.round_year == rnd.deadline.year
                assert parse_answer(q, first.strftime("%d/%m/%Y")) == first.isoformat()
                assert parse_answer(q, last.strftime("%d/%m/%Y")) == last.isoformat()
                assert _refusal(q, f"01/01/{last.year + 1}").key == "answer.date_after_round"
