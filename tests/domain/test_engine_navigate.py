"""Navigation without dead ends (issue #10): /tieptuc goes to what is missing,
numbers stay stable, refused numbers re-ask the question being answered."""

from __future__ import annotations

from bot.domain.checklist import engine as E
from bot.domain.plan.model import Question, QuestionType
from tests.domain.test_engine import QS, STATUS, ask, of, run

T = QuestionType


def test_continue_goes_to_the_first_missing_required_answer_not_the_cursor() -> None:
    # trien-khai "đã", so-buoi 4, then back to 1 and on to the optional note: ty-le is missing
    st, _ = run([E.Start(), E.Answer("1"), E.Answer("4")])
    st, eff = run([E.Edit(4)], st=st)  # at "ghi-chu" (optional) now
    assert ask(eff).question_id == "ghi-chu"
    st, eff = run([E.Continue()], st=st)
    assert ask(eff) == E.Ask("ty-le", 3, 5)
    assert st.cursor == "ty-le" and st.mode == "asking" and not st.back_to_review


def test_continue_then_the_optional_ones_neither_answered_nor_skipped() -> None:
    st, _ = run([E.Start(), E.Answer("3"), E.Skip()])  # "chưa": 2, 3 hidden; ghi-chu skipped
    st, eff = run([E.Review(), E.Continue()], st=st)
    assert ask(eff).question_id == "minh-chung"


def test_continue_with_nothing_missing_shows_the_review() -> None:
    st, _ = run([E.Start(), E.Answer("3"), E.Skip(), E.Skip()])
    st, eff = run([E.Continue()], st=st)
    assert of(eff, E.Notice) == [E.Notice("walk.all_answered")]
    [show] = of(eff, E.ShowReview)
    assert show.missing == () and st.mode == "review"


def test_continue_on_a_locked_report_resumes_at_the_review() -> None:
    st = E.WalkState(round_id="r", locked=True, answers={"trien-khai": "chua"})
    _, eff = E.step(QS, st, E.Continue())
    assert of(eff, E.Notice) == [E.Notice("walk.locked")] and of(eff, E.ShowReview)


def test_a_refused_edit_number_asks_the_current_question_again() -> None:
    st, eff = run([E.Start(), E.Answer("3"), E.Edit(2)])
    assert eff == [E.Notice("walk.not_applicable", {"number": 2}), E.Ask("ghi-chu", 4, 5)]
    _, eff = run([E.Edit(0)], st=st)
    assert eff == [E.Notice("walk.no_such_item", {"number": 0, "total": 5}), E.Ask("ghi-chu", 4, 5)]
    _, eff = run([E.Review(), E.Edit(3)], st=st)  # from the review: only the notice
    assert eff == [E.Notice("walk.not_applicable", {"number": 3})]


def test_a_question_between_two_conditions_keeps_its_number() -> None:
    qs = [
        Question(id="a", type=T.CHOICE, text="A", options=STATUS),
        Question(id="a-chi-tiet", type=T.INTEGER, text="N", when={"a": ["da"]}),
        Question(id="b", type=T.TEXT, text="B"),
    ]
    _, eff = run([E.Start(), E.Answer("3")], qs)
    assert ask(eff) == E.Ask("b", 3, 3)
