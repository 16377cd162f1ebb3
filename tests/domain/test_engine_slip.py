"""The previous-question slip guard (issue #10): a reply that is a bare value
of the question just answered (a date right after a date question, a number
right after a number question), typed at a question that takes any text, is
asked about — "Có phải anh/chị định trả lời câu trước?" — before anything is
stored. Only then: ordinary answers are never questioned."""

from __future__ import annotations

from bot.domain.checklist import engine as E
from bot.domain.plan.model import Question, QuestionType
from tests.domain.test_engine import of, run

T = QuestionType
QS = [
    Question(id="ngay", type=T.DATE, text="Ngày ban hành kế hoạch").in_round(2025),
    Question(id="so-hieu", type=T.TEXT, text="Số, ký hiệu của kế hoạch"),
    Question(id="so-buoi", type=T.INTEGER, text="Số buổi tiếp công dân"),
    Question(id="minh-chung", type=T.EVIDENCE, text="Minh chứng"),
    Question(id="ghi-chu", type=T.TEXT, text="Ghi chú"),
]
DATE_THEN_TEXT = [E.Start(), E.Answer("20/03/2025")]
NUMBER_THEN_EVIDENCE = [E.Start(), E.Answer("20/03/2025"), E.Answer("15/KH-SNV"), E.Answer("12")]


def test_a_bare_date_right_after_a_date_question_is_asked_about() -> None:
    st, eff = run([*DATE_THEN_TEXT, E.Answer("21/03/2025")], QS)
    assert eff == [E.Clarify("so-hieu", "answer.previous_question", {"previous": "ngay"},
                             ("2025-03-21", "21/03/2025"), put="slip")]
    assert st.answers == {"ngay": "2025-03-20"} and st.cursor == "so-hieu"  # nothing stored yet


def test_choice_1_stores_it_at_the_previous_question_and_asks_this_one_again() -> None:
    st, eff = run([*DATE_THEN_TEXT, E.Answer("21/03/2025"), E.Answer("1")], QS)
    assert of(eff, E.Store) == [E.Store("ngay", "2025-03-21")]
    assert of(eff, E.Ask)[0].question_id == "so-hieu" and "so-hieu" not in st.answers


def test_choice_2_keeps_it_for_this_question() -> None:
    st, eff = run([*DATE_THEN_TEXT, E.Answer("21/03/2025"), E.Answer("2")], QS)
    assert of(eff, E.Store) == [E.Store("so-hieu", "21/03/2025")]
    assert st.answers["ngay"] == "2025-03-20" and st.cursor == "so-buoi"


def test_a_bare_number_at_an_evidence_question_after_a_number_question() -> None:
    st, eff = run([*NUMBER_THEN_EVIDENCE, E.Answer("13")], QS)
    assert of(eff, E.Clarify)[0].choices == (13, {"kind": "text", "text": "13"})
    st, eff = run([*NUMBER_THEN_EVIDENCE, E.Answer("13"), E.Answer("1")], QS)
    assert of(eff, E.Store) == [E.Store("so-buoi", 13)] and st.cursor == "minh-chung"


def test_a_normal_text_answer_with_a_number_in_it_is_not_questioned() -> None:
    _st, eff = run([*NUMBER_THEN_EVIDENCE, E.Answer("Biên bản 12 buổi tiếp công dân")], QS)
    assert not of(eff, E.Clarify)
    assert of(eff, E.Store) == [E.Store("minh-chung", {"kind": "text", "text": "Biên bản 12 buổi tiếp công dân"})]
    _st, eff = run([*DATE_THEN_TEXT, E.Answer("15/KH-SNV")], QS)
    assert of(eff, E.Store) == [E.Store("so-hieu", "15/KH-SNV")]


def test_only_right_after_the_previous_answer() -> None:
    # the text question reached by navigation, not by answering the date question
    _st, eff = run([*DATE_THEN_TEXT, E.Review(), E.Edit(2), E.Answer("21/03/2025")], QS)
    assert of(eff, E.Store) == [E.Store("so-hieu", "21/03/2025")]
    # after a restart (Start resumes): no guard either
    _st, eff = run([*DATE_THEN_TEXT, E.Start(), E.Answer("21/03/2025")], QS)
    assert of(eff, E.Store) == [E.Store("so-hieu", "21/03/2025")]
    # a date at a text question after a text question: an ordinary answer
    _st, eff = run([*DATE_THEN_TEXT, E.Answer("15/KH-SNV"), E.Answer("3"), E.Answer("Biên bản"),
                   E.Answer("20/03/2025")], QS)
    assert of(eff, E.Store) == [E.Store("ghi-chu", "20/03/2025")]


def test_a_reply_invalid_for_the_previous_question_is_not_questioned() -> None:
    _st, eff = run([*DATE_THEN_TEXT, E.Answer("20/03/2031")], QS)  # outside the 2025 round's range
    assert of(eff, E.Store) == [E.Store("so-hieu", "20/03/2031")]


def test_the_guard_survives_the_session_round_trip() -> None:
    st, _ = run(DATE_THEN_TEXT, QS)
    assert st.to_json()["last_answered"] == "ngay"
    st, eff = run([E.Answer("21/03/2025"), E.Answer("1")], QS, E.WalkState.from_json(st.to_json(), st.answers))
    assert of(eff, E.Store) == [E.Store("ngay", "2025-03-21")]
