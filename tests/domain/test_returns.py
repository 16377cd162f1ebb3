"""Reading the question numbers a return's comment starts with."""

from __future__ import annotations

import pytest

from bot.domain.returns import named_questions, question_ids


@pytest.mark.parametrize(("comment", "numbers"), [
    ("câu 3, 5: Bổ sung minh chứng", [3, 5]),
    ("Câu 3 và 5 - thiếu số liệu", [3, 5]),
    ("CÂU 12 thiếu", [12]),
    ("cau 2;4 sai", [2, 4]),
    ("c. 4: sửa", [4]),
    ("questions 2, 4 and 6: more", [2, 4, 6]),
    ("q 2: x", [2]),
    ("Câu 3,5,3: lặp lại", [3, 5]),
    ("Câu 3", [3]),
])
def test_numbers_at_the_start_are_read_in_order(comment: str, numbers: list[int]) -> None:
    assert named_questions(comment) == numbers


@pytest.mark.parametrize("comment", [
    "Bổ sung minh chứng tiếp dân",
    "câu hỏi 3 chưa rõ",  # "câu" not followed by a number
    "Thiếu câu 3",  # not at the start: only a comment
    "câu 2025 năm nay",  # a year, not a question number
])
def test_a_comment_that_names_no_question(comment: str) -> None:
    assert named_questions(comment) == []


def test_numbers_become_question_ids_or_the_first_bad_number() -> None:
    ids = ["a", "b", "c"]
    assert question_ids([3, 1], ids) == ["c", "a"]
    assert question_ids([], ids) == []
    assert question_ids([2, 4, 0], ids) == 4
    assert question_ids([0], ids) == 0
