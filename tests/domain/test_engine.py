"""Direct tests of the checklist engine's ``step`` on small hand-built
questionnaires."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain.checklist import engine as E
from bot.domain.plan.model import Option, Question, QuestionType

T = QuestionType
STATUS = [Option(id="da", text="Đã thực hiện"), Option(id="dang", text="Đang thực hiện"),
          Option(id="chua", text="Chưa thực hiện")]

# trien-khai → (so-buoi, ty-le only when done/in progress) → ghi-chu (optional) → minh-chung (optional)
QS = [
    Question(id="trien-khai", type=T.CHOICE, text="Đã triển khai chưa?", options=STATUS),
    Question(id="so-buoi", type=T.INTEGER, text="Số buổi", when={"trien-khai": ["da", "dang"]}),
    Question(id="ty-le", type=T.PERCENT, text="Tỷ lệ", when={"trien-khai": ["da", "dang"]}),
    Question(id="ghi-chu", type=T.TEXT, text="Ghi chú", required=False),
    Question(id="minh-chung", type=T.EVIDENCE, text="Minh chứng", required=False),
]
FILE = {"kind": "document", "file_id": "f-1", "name": "bb.pdf", "size": 10, "mime": None}


def run(events: Sequence[E.Input], qs: Sequence[Question] = QS, st: E.WalkState | None = None,
        ) -> tuple[E.WalkState, list[E.Effect]]:
    """Feed events in, applying Store effects to the state's answers like the
    handler does; return the last state and the last step's effects."""
    st = st or E.WalkState(round_id="r")
    effects: list[E.Effect] = []
    for ev in events:
        st, effects = E.step(qs, st, ev)
        stored = {e.question_id: e.value for e in effects if isinstance(e, E.Store)}
        if stored:
            st = E.WalkState(**{**st.__dict__, "answers": {**st.answers, **stored}})
    return st, effects


def of(effects: list[E.Effect], kind: type[Any]) -> list[Any]:
    return [e for e in effects if isinstance(e, kind)]


def ask(effects: list[E.Effect]) -> E.Ask:
    [a] = of(effects, E.Ask)
    return a


# ---- progress and skip logic --------------------------------------------------------------


def test_start_asks_the_first_question_with_progress() -> None:
    _, eff = run([E.Start()])
    assert eff == [E.Ask("trien-khai", 1, 5, None)]


def test_follow_ups_count_until_answered_then_hide_when_not_done() -> None:
    _, eff = run([E.Start(), E.Answer("3")])
    assert of(eff, E.Store) == [E.Store("trien-khai", "chua")]
    # the two follow-ups are hidden: the next question is "ghi-chu", still number 4 of 5
    assert ask(eff) == E.Ask("ghi-chu", 4, 5)


def test_follow_ups_asked_when_done() -> None:
    _, eff = run([E.Start(), E.Answer("Đã thực hiện")])
    assert ask(eff) == E.Ask("so-buoi", 2, 5)
    _, eff = run([E.Start(), E.Answer("1"), E.Answer("4")])
    assert ask(eff) == E.Ask("ty-le", 3, 5)


def test_numbers_and_total_never_shift_during_a_walk() -> None:
    """Answering the condition does not renumber: "Câu 1/5" then "Câu 4/5" (2, 3 hidden)."""
    for answers, seen in ((("2", "4", "90", "ghi chú"), [(1, 5), (2, 5), (3, 5), (4, 5)]),
                          (("3", "ghi chú"), [(1, 5), (4, 5)])):
        numbers = []
        st, eff = run([E.Start()])
        for text in answers:
            numbers.append((ask(eff).number, ask(eff).total))
            st, eff = run([E.Answer(text)], st=st)
        assert numbers == seen


def test_review_and_submit_refusal_use_the_same_numbers() -> None:
    st, eff = run([E.Start(), E.Answer("3")])
    [show] = of(run([E.Review()], st=st)[1], E.ShowReview)
    assert [(it.number, it.question_id) for it in show.items] == [(1, "trien-khai"), (4, "ghi-chu"), (5, "minh-chung")]
    qs = [*QS, Question(id="cuoi", type=T.TEXT, text="Cuối")]
    _, eff = run([E.Start(), E.Answer("3"), E.Submit()], qs)
    [refused] = of(eff, E.SubmitRefused)
    assert [(it.number, it.question_id) for it in refused.missing] == [(6, "cuoi")]


def test_changing_the_condition_hides_but_keeps_the_follow_up_answers() -> None:
    st, _ = run([E.Start(), E.Answer("1"), E.Answer("4"), E.Answer("90"), E.Edit(1), E.Answer("3")])
    assert st.answers["so-buoi"] == 4 and st.answers["ty-le"] == 90  # kept, not lost
    [show] = of(run([E.Review()], st=st)[1], E.ShowReview)
    assert [it.question_id for it in show.items] == ["trien-khai", "ghi-chu", "minh-chung"]
    st, _ = run([E.Edit(1), E.Answer("2")], st=st)  # back to "in progress": they return
    [show] = of(run([E.Review()], st=st)[1], E.ShowReview)
    assert [it.value for it in show.items][:3] == ["dang", 4, 90]


def test_a_stale_answer_to_a_hidden_question_enables_nothing() -> None:
    chain = [
        Question(id="a", type=T.CHOICE, text="A", options=STATUS),
        Question(id="b", type=T.CHOICE, text="B", options=STATUS, when={"a": ["da"]}),
        Question(id="c", type=T.INTEGER, text="C", when={"b": ["da"]}),
    ]
    answers = {"a": "chua", "b": "da"}  # b answered earlier, then a changed
    assert [q.id for q in E.visible(chain, answers)] == ["a"]
    assert E.missing_required(chain, answers) == []


def test_a_skipped_optional_condition_hides_its_follow_ups() -> None:
    qs = [
        Question(id="co-khong", type=T.CHOICE, text="?", options=STATUS, required=False),
        Question(id="chi-tiet", type=T.INTEGER, text="N", when={"co-khong": ["da"]}),
        Question(id="cuoi", type=T.TEXT, text="T"),
    ]
    _, eff = run([E.Start(), E.Skip()], qs)
    assert ask(eff) == E.Ask("cuoi", 3, 3)


# ---- navigation ---------------------------------------------------------------------------


def test_back_at_the_first_question_says_so_and_asks_again() -> None:
    st, eff = run([E.Start(), E.Back()])
    assert eff == [E.Notice("walk.at_first"), E.Ask("trien-khai", 1, 5)]
    assert st.cursor == "trien-khai"


def test_back_shows_the_stored_answer() -> None:
    _, eff = run([E.Start(), E.Answer("1"), E.Answer("4"), E.Back()])
    assert ask(eff) == E.Ask("so-buoi", 2, 5, 4)


def test_back_from_the_review_goes_to_the_last_question() -> None:
    _, eff = run([E.Start(), E.Review(), E.Back()])
    assert ask(eff).question_id == "minh-chung"


def test_skip_required_is_refused_and_optional_is_skipped() -> None:
    st, eff = run([E.Start(), E.Skip()])
    assert eff == [E.Notice("walk.cannot_skip"), E.Ask("trien-khai", 1, 5)]
    st, eff = run([E.Answer("3"), E.Skip()], st=st)
    assert "ghi-chu" in st.skipped
    assert ask(eff).question_id == "minh-chung"
    assert of(eff, E.Store) == []


def test_skip_at_the_review_has_nothing_to_skip() -> None:
    _, eff = run([E.Start(), E.Review(), E.Skip()])
    assert eff == [E.Notice("walk.nothing_to_skip")]


def test_answering_a_skipped_question_clears_the_skip() -> None:
    st, _ = run([E.Start(), E.Answer("3"), E.Skip(), E.Back(), E.Answer("ghi chú")])
    assert "ghi-chu" not in st.skipped and st.answers["ghi-chu"] == "ghi chú"


def test_edit_out_of_range() -> None:
    for n in (0, 6, -1, 99):
        st, eff = run([E.Start(), E.Edit(n)])
        # the question being answered comes again: no dead end after a wrong number
        assert eff == [E.Notice("walk.no_such_item", {"number": n, "total": 5}), E.Ask("trien-khai", 1, 5)]
        assert st.cursor == "trien-khai"


def test_edit_uses_the_stable_numbers_and_refuses_a_hidden_one() -> None:
    _, eff = run([E.Start(), E.Answer("3"), E.Edit(6)])
    assert eff == [E.Notice("walk.no_such_item", {"number": 6, "total": 5}), E.Ask("ghi-chu", 4, 5)]
    st, eff = run([E.Start(), E.Answer("3"), E.Edit(2)])  # "so-buoi" is hidden by "chưa"
    assert eff == [E.Notice("walk.not_applicable", {"number": 2}), E.Ask("ghi-chu", 4, 5)]
    assert st.cursor == "ghi-chu"  # nothing moved
    _, eff = run([E.Start(), E.Answer("3"), E.Edit(5)])
    assert ask(eff) == E.Ask("minh-chung", 5, 5)


def test_edit_from_the_review_then_answer_returns_to_the_review() -> None:
    st, eff = run([E.Start(), E.Answer("3"), E.Answer("ghi chú"), E.Skip(), E.Edit(4), E.Answer("khác")])
    assert st.mode == "review"
    assert of(eff, E.Store) == [E.Store("ghi-chu", "khác")]
    assert len(of(eff, E.ShowReview)) == 1


def test_a_number_typed_at_the_review_edits_that_item() -> None:
    _, eff = run([E.Start(), E.Review(), E.Answer("2.")])
    assert ask(eff).question_id == "so-buoi"
    _, eff = run([E.Start(), E.Review(), E.Answer("xin chào")])
    assert eff == [E.Notice("walk.review_hint")]


def test_review_items() -> None:
    st, _ = run([E.Start(), E.Answer("1"), E.Answer("4"), E.Back(), E.Back(), E.Review()])
    st = E.WalkState(**{**st.__dict__, "skipped": frozenset({"ghi-chu"})})
    [show] = of(run([E.Review()], st=st)[1], E.ShowReview)
    assert show.items == (
        E.ReviewItem(1, "trien-khai", "da", True, False),
        E.ReviewItem(2, "so-buoi", 4, True, False),
        E.ReviewItem(3, "ty-le", None, True, False),
        E.ReviewItem(4, "ghi-chu", None, False, True),
        E.ReviewItem(5, "minh-chung", None, False, False),
    )
    assert (show.answered, show.total, show.locked) == (2, 5, False)
    assert [m.question_id for m in show.missing] == ["ty-le"]


def test_pause_and_resume_exactly_where_left() -> None:
    st, eff = run([E.Start(), E.Answer("1"), E.Pause()])
    assert eff == [E.Paused(1, 5)] and st.mode == "paused"
    restored = E.WalkState.from_json(st.to_json(), st.answers)  # a restart in between
    _, eff = run([E.Start()], st=restored)
    assert eff == [E.Ask("so-buoi", 2, 5)]


def test_cancel_reports_the_answers_kept() -> None:
    st, eff = run([E.Start(), E.Answer("3"), E.Cancel()])
    assert eff == [E.Cancelled(1)] and st.mode == "cancelled"
    assert st.answers == {"trien-khai": "chua"}


def test_all_answered_shows_the_review_with_a_notice() -> None:
    st, eff = run([E.Start(), E.Answer("3"), E.Answer("ghi"), E.Answer("Số 1/BC")])
    assert st.mode == "review"
    assert isinstance(eff[-2], E.Notice) and eff[-2].key == "walk.all_answered"
    assert isinstance(eff[-1], E.ShowReview)


# ---- submit and lock ------------------------------------------------------------------------


def test_submit_refused_lists_the_missing_and_asks_again() -> None:
    st, eff = run([E.Start(), E.Answer("1"), E.Submit()])
    [refused] = of(eff, E.SubmitRefused)
    assert [m.question_id for m in refused.missing] == ["so-buoi", "ty-le"]
    assert ask(eff).question_id == "so-buoi"
    assert not st.locked


def test_submit_asks_first_then_locks() -> None:
    st, eff = run([E.Start(), E.Answer("3"), E.Submit()])
    assert eff == [E.ConfirmSubmit()] and st.confirming and not st.locked
    assert E.WalkState.from_json(st.to_json(), st.answers).confirming  # survives the session
    st, eff = E.step(QS, st, E.Answer("1"))
    assert eff == [E.Submitted()]
    assert st.locked and st.mode == "done" and st.cursor is None and not st.confirming


def test_confirmation_words_and_submit_again() -> None:
    base, _ = run([E.Start(), E.Answer("3"), E.Submit()])
    for reply in (E.Answer("có"), E.Answer("1."), E.Submit()):
        st, eff = E.step(QS, base, reply)
        assert eff == [E.Submitted()] and st.locked


def test_not_yet_keeps_the_draft_where_it_was() -> None:
    base, _ = run([E.Start(), E.Answer("3"), E.Submit()])
    for word in ("2", "chưa", "Không", "chưa nộp"):
        st, eff = E.step(QS, base, E.Answer(word))
        assert eff[0] == E.Notice("walk.not_submitted") and not st.locked and not st.confirming
        assert st.mode == base.mode


def test_another_reply_drops_the_confirmation() -> None:
    base, _ = run([E.Start(), E.Answer("3"), E.Submit()])
    st, eff = E.step(QS, base, E.Answer("2x"))  # at the review: not a number of the list
    assert E.Submitted() not in eff and not st.confirming and not st.locked
    st, eff = E.step(QS, base, E.Edit(1))
    assert ask(eff).question_id == "trien-khai" and not st.confirming
    st, eff = E.step(QS, st, E.Answer("1"))  # now "1" answers the question, it does not submit
    assert E.Submitted() not in eff and of(eff, E.Store)


def test_locked_state_refuses_changes_but_reviews() -> None:
    st = E.WalkState(round_id="r", locked=True, answers={"trien-khai": "chua"})
    for ev in (E.Answer("1"), E.Edit(1), E.Back(), E.Skip(), E.Attach(FILE)):
        st2, eff = E.step(QS, st, ev)
        assert eff == [E.Notice("walk.locked")] and st2 == st
    _, eff = E.step(QS, st, E.Review())
    [show] = of(eff, E.ShowReview)
    assert show.locked
    _, eff = E.step(QS, st, E.Start())
    assert eff[0] == E.Notice("walk.locked") and isinstance(eff[1], E.ShowReview)
    _, eff = E.step(QS, st, E.Submit())
    assert eff == [E.Notice("walk.already_submitted")]


# ---- files ----------------------------------------------------------------------------------


def test_attach_to_an_evidence_question_is_stored() -> None:
    _, eff = run([E.Start(), E.Answer("3"), E.Skip(), E.Attach(FILE)])
    assert of(eff, E.Store) == [E.Store("minh-chung", {"kind": "document", "file_id": "f-1",
                                                        "name": "bb.pdf", "size": 10})]


def test_attach_to_a_non_evidence_question_is_rejected() -> None:
    st, eff = run([E.Start(), E.Attach(FILE)])
    assert eff == [E.Rejected("trien-khai", "answer.file_not_expected"), E.Ask("trien-khai", 1, 5)]
    assert st.answers == {}


def test_attach_without_id_or_url_is_unreadable() -> None:
    _, eff = run([E.Start(), E.Answer("3"), E.Skip(), E.Attach({"kind": "document", "name": "x.pdf"})])
    assert of(eff, E.Rejected) == [E.Rejected("minh-chung", "answer.file_unreadable")]


def test_attach_at_the_review_is_not_expected() -> None:
    _, eff = run([E.Start(), E.Review(), E.Attach(FILE)])
    assert eff == [E.Notice("walk.file_not_expected_here")]


# ---- odd inputs -------------------------------------------------------------------------------


def test_a_rejected_answer_explains_and_asks_again() -> None:
    st, eff = run([E.Start(), E.Answer("1"), E.Answer("nhiều")])
    assert eff == [E.Rejected("so-buoi", "answer.not_a_whole_number", {"value": "nhiều"}), E.Ask("so-buoi", 2, 5)]
    assert "so-buoi" not in st.answers


def test_empty_questionnaire() -> None:
    st = E.WalkState(round_id="r")
    assert E.step([], st, E.Start()) == (st, [E.Notice("walk.empty")])


def test_a_stale_cursor_resumes_at_the_first_open_question() -> None:
    st = E.WalkState(round_id="r", cursor="no-longer-in-the-plan", answers={"trien-khai": "chua"})
    _, eff = E.step(QS, st, E.Start())
    assert eff == [E.Ask("ghi-chu", 4, 5)]
    _, eff = E.step(QS, st, E.Answer("anything"))
    assert eff == [E.Ask("ghi-chu", 4, 5)]
