"""Issue #10, choices: yes/no words, ambiguous parts, rounds and options by
name (``bot.domain.matching``), and the keep word in the engine."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.checklist import engine as E
from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.matching import name_hits
from bot.domain.plan.model import Option, Question, QuestionType

T = QuestionType
STATUS = [Option(id="da", text="Đã thực hiện", text_en="Done"),
          Option(id="dang", text="Đang thực hiện", text_en="In progress"),
          Option(id="chua", text="Chưa thực hiện", text_en="Not started")]
DONE_NOT = [Option(id="da", text="Đã phân công"), Option(id="chua", text="Chưa phân công")]
HAPPENED = [Option(id="khong", text="Không xảy ra"), Option(id="co", text="Có xảy ra")]
YES_NO = [Option(id="co", text="Có"), Option(id="khong", text="Không có")]
GRADES = [Option(id="tot", text="Tốt"), Option(id="kha", text="Khá"), Option(id="yeu", text="Yếu")]
MIXED = [Option(id="du", text="Có, đầy đủ"), Option(id="thieu", text="Có, nhưng chưa đầy đủ"),
         Option(id="khong", text="Không")]


def choice(options: list[Option]) -> Question:
    return Question(id="q", type=T.CHOICE, text="?", options=options)


YES_NO_OK = [
    (STATUS, "có", "da"), (STATUS, "rồi", "da"), (STATUS, "roi", "da"), (STATUS, "đã", "da"),
    (STATUS, "Có rồi", "da"), (STATUS, "yes", "da"), (STATUS, "chưa", "chua"), (STATUS, "không", "chua"),
    (STATUS, "khong", "chua"), (STATUS, "No", "chua"),
    (DONE_NOT, "rồi", "da"), (DONE_NOT, "co", "da"), (DONE_NOT, "chua", "chua"), (DONE_NOT, "không", "chua"),
    (HAPPENED, "có", "co"), (HAPPENED, "không", "khong"), (HAPPENED, "chưa", "khong"),
    (YES_NO, "có", "co"), (YES_NO, "rồi", "co"), (YES_NO, "không", "khong"), (YES_NO, "no", "khong"),
]


@pytest.mark.parametrize(("options", "raw", "expected"), YES_NO_OK)
def test_yes_no_words_name_the_yes_or_no_like_option(options: list[Option], raw: str, expected: str) -> None:
    assert parse_answer(choice(options), raw) == expected


@pytest.mark.parametrize(("options", "raw"), [
    (GRADES, "có"), (GRADES, "không"),  # no option is yes/no-like
    (MIXED, "có"),  # "Có, đầy đủ" is yes-like, "Có, nhưng chưa…" is neither: still one each…
])
def test_yes_no_words_only_where_unambiguous(options: list[Option], raw: str) -> None:
    q = choice(options)
    if options is MIXED:  # …so "có" names "Có, đầy đủ" and "không" names "Không"
        assert parse_answer(q, "có") == "du"
        assert parse_answer(q, "không") == "khong"
        return
    with pytest.raises(AnswerError) as info:
        parse_answer(q, raw)
    assert info.value.key == "answer.bad_choice"


def test_two_yes_like_options_make_yes_ambiguous() -> None:
    q = choice([Option(id="a", text="Đã xong"), Option(id="b", text="Đã làm một phần"),
                Option(id="c", text="Chưa làm")])
    with pytest.raises(AnswerError):
        parse_answer(q, "rồi")
    assert parse_answer(q, "chưa") == "c"


@pytest.mark.parametrize(("options", "raw", "candidates"), [
    (STATUS, "thực hiện", ("da", "dang", "chua")),
    (STATUS, "THUC HIEN", ("da", "dang", "chua")),
    (HAPPENED, "xảy ra", ("khong", "co")),
])
def test_a_part_of_several_options_is_asked_about(options: list[Option], raw: str, candidates: tuple[str, ...]) -> None:
    with pytest.raises(AnswerError) as info:
        parse_answer(choice(options), raw)
    assert info.value.key == "answer.ambiguous_choice"
    assert info.value.params == {"candidates": candidates}


def test_a_part_of_one_option_names_it() -> None:
    assert parse_answer(choice(STATUS), "đang") == "dang"
    assert parse_answer(choice(DONE_NOT), "chưa phân") == "chua"


ROUNDS: dict[str, Any] = {
    "1": ["Kế hoạch công tác dân vận chính quyền năm 2025 của đơn vị", "ke-hoach"],
    "2": ["Báo cáo 6 tháng đầu năm 2025", "6-thang"],
    "3": ["Báo cáo kết quả công tác dân vận chính quyền năm 2025", "ca-nam"],
    "4": ["Tự đánh giá, chấm điểm công tác dân vận chính quyền năm 2025", "tu-cham-diem"],
}


@pytest.mark.parametrize(("typed", "hits"), [
    ("6 tháng", ["2"]), ("6 thang", ["2"]), ("ca nam", ["3"]), ("Cả năm", ["3"]), ("ca-nam", ["3"]),
    ("tự chấm điểm", ["4"]), ("chấm điểm", ["4"]), ("kế hoạch", ["1"]),
    ("báo cáo", ["2", "3"]), ("năm 2025", ["1", "2", "3", "4"]),
    ("ca", []), ("quý 3", []), ("", []),
])
def test_rounds_by_name(typed: str, hits: list[str]) -> None:
    assert name_hits(typed, ROUNDS) == hits


# ---- keep -------------------------------------------------------------------------------

QS = [Question(id="a", type=T.CHOICE, text="A?", options=STATUS),
      Question(id="b", type=T.INTEGER, text="B?"),
      Question(id="c", type=T.TEXT, text="C?")]


def test_keep_moves_on_from_an_answered_question_without_storing() -> None:
    st = E.WalkState(round_id="r", cursor="a", answers={"a": "da", "b": 3})
    st2, effects = E.step(QS, st, E.Keep())
    assert not any(isinstance(e, E.Store) for e in effects)
    assert st2.answers == {"a": "da", "b": 3}
    assert effects == [E.Ask("c", 3, 3, None)]


def test_keep_after_an_edit_returns_to_the_review() -> None:
    st = E.WalkState(round_id="r", answers={"a": "da", "b": 3, "c": "x"}, mode="review")
    st, _ = E.step(QS, st, E.Edit(2))
    st, effects = E.step(QS, st, E.Keep())
    assert st.mode == "review" and st.answers["b"] == 3
    assert [type(e) for e in effects] == [E.ShowReview]


def test_keep_at_an_unanswered_question_says_there_is_nothing_to_keep() -> None:
    st = E.WalkState(round_id="r", cursor="b", answers={"a": "da"})
    st2, effects = E.step(QS, st, E.Keep())
    assert st2 == st
    assert effects == [E.Notice("walk.nothing_to_keep"), E.Ask("b", 2, 3, None)]


def test_keep_in_the_review_has_nothing_to_keep() -> None:
    st = E.WalkState(round_id="r", mode="review", answers={"a": "da"})
    assert E.step(QS, st, E.Keep())[1] == [E.Notice("walk.nothing_to_keep")]
