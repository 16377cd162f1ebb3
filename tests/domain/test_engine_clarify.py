"""The engine's pending clarification: an answer that reads two ways
(``1,000`` at a decimal question) is asked about, stored only once the next
reply picks a reading, and dropped by any other input."""

from __future__ import annotations

from bot.domain.checklist import engine as E
from bot.domain.plan.model import Question, QuestionType
from tests.domain.test_engine import of, run

T = QuestionType
QS = [
    Question(id="kinh-phi", type=T.DECIMAL, text="Kinh phí (triệu đồng)"),
    Question(id="so-buoi", type=T.INTEGER, text="Số buổi"),
]


def test_an_unclear_number_is_asked_about_and_nothing_is_stored() -> None:
    st, eff = run([E.Start(), E.Answer("1,000")], QS)
    assert eff == [E.Clarify("kinh-phi", "answer.thousands_or_decimal", {"value": "1,000"}, (1000.0, 1.0))]
    assert st.pending == (1000.0, 1.0) and st.cursor == "kinh-phi" and not st.answers


def test_the_pending_readings_survive_the_session_round_trip() -> None:
    st, _ = run([E.Start(), E.Answer("1,000")], QS)
    back = E.WalkState.from_json(st.to_json(), {})
    assert back.pending == (1000.0, 1.0)
    assert "pending" not in E.WalkState(round_id="r").to_json()  # stored sessions keep their shape


def test_a_choice_number_stores_that_reading() -> None:
    for reply, value in (("1", 1000.0), ("2", 1.0), (" 2. ", 1.0)):
        st, eff = run([E.Start(), E.Answer("1,000"), E.Answer(reply)], QS)
        assert of(eff, E.Store) == [E.Store("kinh-phi", value)]
        assert st.pending is None and st.cursor == "so-buoi"


def test_a_fresh_unambiguous_number_answers_instead() -> None:
    st, eff = run([E.Start(), E.Answer("1,000"), E.Answer("1.000")], QS)
    assert of(eff, E.Store) == [E.Store("kinh-phi", 1000.0)]
    assert st.pending is None


def test_a_fresh_unclear_number_is_asked_about_again() -> None:
    st, eff = run([E.Start(), E.Answer("1,000"), E.Answer("2,500")], QS)
    assert of(eff, E.Clarify)[0].choices == (2500.0, 2.5) and st.pending == (2500.0, 2.5)


def test_navigation_drops_the_pending_readings() -> None:
    st, eff = run([E.Start(), E.Answer("1,000"), E.Review()], QS)
    assert of(eff, E.ShowReview) and st.pending is None
    st, eff = run([E.Start(), E.Answer("1,000"), E.Start()], QS)
    assert of(eff, E.Ask)[0].question_id == "kinh-phi" and st.pending is None
    # after navigating away, "1" is an ordinary answer again
    st, eff = run([E.Start(), E.Answer("1,000"), E.Start(), E.Answer("1")], QS)
    assert of(eff, E.Store) == [E.Store("kinh-phi", 1.0)]
