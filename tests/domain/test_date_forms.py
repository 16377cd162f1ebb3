"""Dates as officers type them (issue #10): ISO, day/month in the round's
year, the administrative "ngày … tháng … năm …" (accents optional); the hint's
example and the error's example use the round's year."""

from __future__ import annotations

import pytest

from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.plan.model import Question, QuestionType
from bot.domain.questions import kind_of

DATE = Question(id="ngay", type=QuestionType.DATE, text="Ngày ban hành").in_round(2026)


@pytest.mark.parametrize(("raw", "iso"), [
    ("20/01/2026", "2026-01-20"),
    ("2026-01-20", "2026-01-20"),
    ("2026-1-5", "2026-01-05"),
    ("20/1", "2026-01-20"),
    ("20.1", "2026-01-20"),
    (" 5 / 12 ", "2026-12-05"),
    ("ngày 20 tháng 1 năm 2026", "2026-01-20"),
    ("Ngày 20 tháng 01 năm 2025", "2025-01-20"),
    ("ngay 20 thang 1 nam 2026", "2026-01-20"),
    ("20 tháng 1 năm 2026", "2026-01-20"),
    ("ngày 20 tháng 1", "2026-01-20"),
    ("NGÀY 20 THÁNG 1 NĂM 2026", "2026-01-20"),
])
def test_accepted_forms(raw: str, iso: str) -> None:
    assert parse_answer(DATE, raw) == iso


@pytest.mark.parametrize(("raw", "key"), [
    ("30/2", "answer.no_such_date"),
    ("2026-02-30", "answer.no_such_date"),
    ("ngày 32 tháng 1 năm 2026", "answer.no_such_date"),
    ("tháng 1 năm 2026", "answer.bad_date"),
    ("20/1/26", "answer.bad_date"),
    ("20", "answer.bad_date"),
    ("2026/01/20", "answer.bad_date"),
])
def test_refused_forms(raw: str, key: str) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(DATE, raw)
    assert err.value.key == key


def test_the_bad_date_example_uses_the_round_year() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(DATE, "hôm qua")
    assert err.value.params == {"value": "hôm qua", "year": 2026}


def test_the_hint_example_uses_the_round_year() -> None:
    hint = kind_of("date").hint(DATE)
    assert (hint.key, dict(hint.params)) == ("render.hint.date", {"year": 2026})


def test_plan_questions_carry_their_round_year() -> None:
    from bot.domain.plan.loader import load_plan
    from tests.conftest import PLANS

    plan = load_plan(PLANS / "tay-ninh-2025.yaml")
    [q] = [q for q in plan.questions("ke-hoach") if q.id == "ke-hoach.ngay-ban-hanh"]
    assert q.round_year == 2025 and parse_answer(q, "20/1") == "2025-01-20"


def test_outside_a_plan_a_date_must_name_its_year() -> None:
    """The domain has no clock: a question that knows no round cannot guess a year."""
    loose = Question(id="ngay", type=QuestionType.DATE, text="Ngày ban hành")
    assert parse_answer(loose, "20/1/2026") == "2026-01-20"
    with pytest.raises(AnswerError) as refused:
        parse_answer(loose, "20/1")
    assert refused.value.key == "answer.bad_date"
