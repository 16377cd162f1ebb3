"""Table tests of ``parse_answer``: every type, Vietnamese number formats,
accents, bounds, and the exact error keys and parameters."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.checklist.validate import AnswerError, evidence_value, match_option, parse_answer
from bot.domain.plan.model import Option, Question, QuestionType

T = QuestionType
STATUS = [
    Option(id="da", text="Đã thực hiện", text_en="Done"),
    Option(id="dang", text="Đang thực hiện", text_en="In progress"),
    Option(id="chua", text="Chưa thực hiện", text_en="Not started"),
]


def q(type_: QuestionType, **kw: Any) -> Question:
    if type_ is T.CHOICE:
        kw.setdefault("options", STATUS)
    return Question(id="q", type=type_, text="?", **kw)


OK = [
    # choice: number, id, words in either language, case/accents/spaces ignored, unique prefix
    (q(T.CHOICE), "1", "da"),
    (q(T.CHOICE), " 3. ", "chua"),
    (q(T.CHOICE), "2)", "dang"),
    (q(T.CHOICE), "Đã thực hiện", "da"),
    (q(T.CHOICE), "da thuc hien", "da"),
    (q(T.CHOICE), "ĐANG   THỰC HIỆN", "dang"),
    (q(T.CHOICE), "chưa", "chua"),
    (q(T.CHOICE), "In progress", "dang"),
    (q(T.CHOICE), "not started", "chua"),
    (q(T.CHOICE, options=[Option(id="a", text="Đã thực hiện đầy đủ"), Option(id="b", text="Chưa")]),
     "da thuc hien", "a"),
    # the same word decomposed (NFD, as some keyboards send it)
    (q(T.CHOICE), "Đa\u0303 thực hiện", "da"),
    # integer: Vietnamese thousands with dots or spaces, a sign, zero
    (q(T.INTEGER), "12", 12),
    (q(T.INTEGER), "0", 0),
    (q(T.INTEGER), "1.250", 1250),
    (q(T.INTEGER), "1 250", 1250),
    (q(T.INTEGER), "1\u00a0250", 1250),
    (q(T.INTEGER), "12.345.678", 12345678),
    (q(T.INTEGER), "+7", 7),
    (q(T.INTEGER), "12,0", 12),
    (q(T.INTEGER, max=10), "10", 10),
    # percent: "85", "85%", "85,5", "85.5", "85,5 %", bounds included
    (q(T.PERCENT), "85", 85),
    (q(T.PERCENT), "85%", 85),
    (q(T.PERCENT), "85,5", 85.5),
    (q(T.PERCENT), "85.5", 85.5),
    (q(T.PERCENT), " 85,5 % ", 85.5),
    (q(T.PERCENT), "0", 0),
    (q(T.PERCENT), "100%", 100),
    (q(T.PERCENT), "33,333", 33.33),
    # decimal: comma or dot, negative within bounds, rounding to 2 places
    (q(T.DECIMAL), "4,5", 4.5),
    (q(T.DECIMAL), "-1.25", -1.25),
    (q(T.DECIMAL, min=0, max=5), "5", 5),
    (q(T.DECIMAL, min=-5, max=0), "-0,5", -0.5),
    (q(T.DECIMAL, max=10), "2,345", 2.35),  # a thousands reading (2345) is out of range: the decimal, rounded
    (q(T.INTEGER), "12 người", 12),  # a unit word after the number (issue #10)
    # date: dd/mm/yyyy with / . - and one-digit day/month
    (q(T.DATE), "28/03/2025", "2025-03-28"),
    (q(T.DATE), "1/7/2025", "2025-07-01"),
    (q(T.DATE), "15.03.2025", "2025-03-15"),
    (q(T.DATE), "15-3-2025", "2025-03-15"),
    (q(T.DATE), " 29 / 02 / 2024 ", "2024-02-29"),
    (q(T.DATE), "2025-03-15", "2025-03-15"),  # ISO, accepted since issue #10
    # text: stripped, limit inclusive
    (q(T.TEXT), "  Kết quả tốt  ", "Kết quả tốt"),
    (q(T.TEXT), "x" * 2000, "x" * 2000),
    (q(T.TEXT, max_length=10), "0123456789", "0123456789"),
    # evidence typed as text
    (q(T.EVIDENCE), "Số 12/BC-SNV", {"kind": "text", "text": "Số 12/BC-SNV"}),
]


@pytest.mark.parametrize(("question", "raw", "expected"), OK)
def test_accepted(question: Question, raw: str, expected: Any) -> None:
    assert parse_answer(question, raw) == expected


ERRORS = [
    # every type: empty or blank
    *[(q(t), raw, "answer.empty", {}) for t in T for raw in ("", "   ", "\n")],
    # choice
    (q(T.CHOICE), "4", "answer.bad_choice", {"count": 3}),
    (q(T.CHOICE), "0", "answer.bad_choice", {"count": 3}),
    # issue #10: "có" names the one yes-like option (tests/domain/test_choice_words.py);
    # a part of all three options is asked about, never refused bare nor guessed
    (q(T.CHOICE), "thực hiện", "answer.ambiguous_choice", {"candidates": ("da", "dang", "chua")}),
    # "đ" prefixes both "Đã…" and "Đang…": too short and ambiguous
    (q(T.CHOICE), "đ", "answer.bad_choice", {"count": 3}),
    # integer
    (q(T.INTEGER), "ba", "answer.not_a_whole_number", {"value": "ba"}),
    (q(T.INTEGER), "1e3", "answer.not_a_whole_number", {"value": "1e3"}),
    (q(T.INTEGER), "12 nghìn", "answer.not_a_whole_number", {"value": "12 nghìn"}),
    (q(T.INTEGER), "2,5", "answer.not_integer", {"value": "2,5"}),
    (q(T.INTEGER), "1.5", "answer.not_integer", {"value": "1.5"}),
    (q(T.INTEGER), "-3", "answer.too_small", {"min": "0"}),
    (q(T.INTEGER, min=1), "0", "answer.too_small", {"min": "1"}),
    (q(T.INTEGER, max=10), "11", "answer.out_of_range", {"min": "0", "max": "10"}),
    (q(T.INTEGER), "nan", "answer.not_a_whole_number", {"value": "nan"}),
    (q(T.INTEGER), "inf", "answer.not_a_whole_number", {"value": "inf"}),
    # percent
    (q(T.PERCENT), "120", "answer.percent_range", {}),
    (q(T.PERCENT), "-5", "answer.percent_range", {}),
    (q(T.PERCENT), "100,01", "answer.percent_range", {}),
    (q(T.PERCENT), "85.5.5", "answer.not_a_number", {"value": "85.5.5"}),
    (q(T.PERCENT), "%", "answer.not_a_number", {"value": ""}),
    (q(T.PERCENT), "phần trăm", "answer.not_a_number", {"value": "phần trăm"}),
    (q(T.PERCENT, min=50), "40", "answer.out_of_range", {"min": "50", "max": "100"}),
    # decimal
    (q(T.DECIMAL), "bốn", "answer.not_a_number", {"value": "bốn"}),
    (q(T.DECIMAL, min=0, max=5), "6", "answer.out_of_range", {"min": "0", "max": "5"}),
    (q(T.DECIMAL, min=0, max=5), "-1", "answer.out_of_range", {"min": "0", "max": "5"}),
    (q(T.DECIMAL, min=-5, max=0), "2", "answer.out_of_range", {"min": "-5", "max": "0"}),
    (q(T.DECIMAL, min=0.5), "0,25", "answer.too_small", {"min": "0,5"}),
    (q(T.DECIMAL, max=2.5), "3", "answer.too_large", {"max": "2,5"}),
    (q(T.DECIMAL, max_points=3), "3,5", "answer.too_large", {"max": "3"}),
    # date
    (q(T.DATE).in_round(2025), "15/3/25", "answer.bad_date", {"value": "15/3/25", "year": 2025}),
    (q(T.DATE).in_round(2025), "hôm qua", "answer.bad_date", {"value": "hôm qua", "year": 2025}),
    (q(T.DATE), "32/01/2025", "answer.no_such_date", {"value": "32/01/2025"}),
    (q(T.DATE), "29/02/2025", "answer.no_such_date", {"value": "29/02/2025"}),
    (q(T.DATE), "15/13/2025", "answer.no_such_date", {"value": "15/13/2025"}),
    (q(T.DATE), "00/01/2025", "answer.no_such_date", {"value": "00/01/2025"}),
    # text and evidence length
    (q(T.TEXT), "x" * 2001, "answer.too_long", {"length": 2001, "max": 2000}),
    (q(T.TEXT, max_length=60), "y" * 61, "answer.too_long", {"length": 61, "max": 60}),
    (q(T.EVIDENCE), "z" * 2001, "answer.too_long_evidence", {"length": 2001, "max": 2000}),
]


@pytest.mark.parametrize(("question", "raw", "key", "params"), ERRORS)
def test_rejected_with_exact_key(question: Question, raw: str, key: str, params: dict[str, Any]) -> None:
    with pytest.raises(AnswerError) as info:
        parse_answer(question, raw)
    assert info.value.key == key
    assert info.value.params == params


def test_error_value_is_cut_to_forty_characters() -> None:
    with pytest.raises(AnswerError) as info:
        parse_answer(q(T.INTEGER), "a" * 500)
    assert info.value.params["value"] == "a" * 40


def test_match_option_returns_none_rather_than_raising() -> None:
    assert match_option(q(T.CHOICE), "9") is None
    assert match_option(q(T.CHOICE), "") is None
    assert match_option(q(T.CHOICE), "dang") == "dang"


def test_evidence_value_keeps_only_known_keys() -> None:
    raw = {"kind": "photo", "file_id": "f1", "name": None, "size": 10, "secret": "x", "url": "https://z"}
    assert evidence_value(raw) == {"kind": "photo", "file_id": "f1", "size": 10, "url": "https://z"}
