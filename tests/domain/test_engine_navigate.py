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
    assert eff == [E.Notice("walk.not_applicable_review", {"number": 3})]  # the list is on screen


def test_a_question_between_two_conditions_keeps_its_number() -> None:
    qs = [
        Question(id="a", type=T.CHOICE, text="A", options=STATUS),
        Question(id="a-chi-tiet", type=T.INTEGER, text="N", when={"a": ["da"]}),
        Question(id="b", type=T.TEXT, text="B"),
    ]
    _, eff = run([E.Start(), E.Answer("3")], qs)
    assert ask(eff) == E.Ask("b", 3, 3)


# ---- after an edit: follow-ups made relevant, then back where the officer was -----------


def test_an_edit_from_the_walk_returns_to_the_question_the_officer_was_at() -> None:
    st, _ = run([E.Start(), E.Answer("3")])  # at ghi-chu (4)
    st, eff = run([E.Edit(1), E.Answer("3")], st=st)  # same answer: nothing new applies
    assert ask(eff) == E.Ask("ghi-chu", 4, 5)
    assert (st.edited, st.return_to, st.back_to_review) == (None, None, False)


def test_follow_ups_an_edit_makes_relevant_are_asked_before_returning() -> None:
    st, _ = run([E.Start(), E.Answer("3")])  # "chưa": so-buoi, ty-le hidden; at ghi-chu
    st, eff = run([E.Edit(1), E.Answer("1")], st=st)
    assert ask(eff) == E.Ask("so-buoi", 2, 5)
    assert (st.edited, st.return_to) == ("trien-khai", "ghi-chu")
    st, eff = run([E.Answer("4")], st=st)
    assert ask(eff) == E.Ask("ty-le", 3, 5)
    st, eff = run([E.Answer("90")], st=st)
    assert ask(eff) == E.Ask("ghi-chu", 4, 5)  # back where the officer was
    assert st.edited is None and st.return_to is None


def test_follow_ups_then_back_to_the_review_when_edited_from_it() -> None:
    st, _ = run([E.Start(), E.Answer("3"), E.Skip(), E.Skip()])  # all done: at the review
    assert st.mode == "review"
    st, eff = run([E.Answer("1"), E.Answer("1"), E.Answer("4"), E.Answer("90")], st=st)
    assert st.mode == "review" and len(of(eff, E.ShowReview)) == 1
    assert of(eff, E.Store) == [E.Store("ty-le", 90)]


def test_an_edit_that_hides_questions_keeps_their_answers_out_of_the_count() -> None:
    st, _ = run([E.Start(), E.Answer("1"), E.Answer("4"), E.Answer("90"), E.Skip(), E.Skip()])
    st, eff = run([E.Edit(1), E.Answer("3")], st=st)
    [show] = of(eff, E.ShowReview)
    assert [it.number for it in show.items] == [1, 4, 5] and show.answered == 1 and show.total == 3
    assert st.answers["so-buoi"] == 4 and st.answers["ty-le"] == 90  # kept, not lost
    st, eff = run([E.Edit(1), E.Answer("2")], st=st)  # relevant again: answered, so not asked
    [show] = of(eff, E.ShowReview)
    assert [it.value for it in show.items][:3] == ["dang", 4, 90]


def test_back_or_review_ends_an_edit() -> None:
    st, _ = run([E.Start(), E.Answer("3"), E.Edit(5)])
    for ev in (E.Back(), E.Review(), E.Continue()):
        after, _ = run([ev], st=st)
        assert after.edited is None and after.return_to is None and not after.back_to_review


def test_an_edit_in_progress_survives_the_session_json() -> None:
    st, _ = run([E.Start(), E.Answer("3"), E.Edit(1)])
    again = E.WalkState.from_json(st.to_json(), st.answers)
    assert (again.edited, again.return_to) == ("trien-khai", "ghi-chu")
    assert "edited" not in E.WalkState(round_id="r").to_json()  # stored sessions keep their shape


def test_only_what_the_edit_made_relevant_is_asked_not_what_was_already_open() -> None:
    st, _ = run([E.Start(), E.Answer("1"), E.Review()])  # "đã": so-buoi, ty-le apply, unanswered
    st, eff = run([E.Edit(1), E.Answer("2")], st=st)  # "đang": they applied before too
    assert st.mode == "review" and len(of(eff, E.ShowReview)) == 1 and not of(eff, E.Ask)
