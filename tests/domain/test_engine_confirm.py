"""Soft warnings (issue #10): a valid number beyond the question's plausible
bound, or one that misses its target, is asked about ("giữ nguyên?") before
it is stored — never stored silently, never refused. The plan's hard bounds
stay refusals. The question goes through the same pending mechanism as an
answer that reads two ways (``WalkState.pending`` + ``put``)."""

from __future__ import annotations

import pytest

from bot.domain.checklist import confirm
from bot.domain.checklist import engine as E
from bot.domain.plan.model import Question, QuestionType, Target
from bot.domain.questions import kind_of
from tests.domain.test_engine import of, run

T = QuestionType
COUNT = Question(id="so-nguoi", type=T.INTEGER, text="Số lượt người")
SHARE = Question(id="ty-le", type=T.PERCENT, text="Tỷ lệ học tập", target=Target(min=100))
AMOUNT = Question(id="kinh-phi", type=T.DECIMAL, text="Kinh phí (triệu đồng)")
LAST = Question(id="ghi-chu", type=T.TEXT, text="Ghi chú")
QS = [COUNT, SHARE, AMOUNT, LAST]


def test_a_count_beyond_its_plausible_bound_is_asked_about_not_stored() -> None:
    st, eff = run([E.Start(), E.Answer("1.200.000")], QS)
    assert eff == [E.Clarify("so-nguoi", "answer.doubt.implausible", {"value": 1200000, "bound": 100000},
                             (1200000, None), put="confirm")]
    assert st.pending == (1200000, None) and st.put == "confirm" and not st.answers and st.cursor == "so-nguoi"


def test_keep_stores_the_value_exactly_and_moves_on() -> None:
    st, eff = run([E.Start(), E.Answer("123456789012345"), E.Answer("1")], QS)
    assert of(eff, E.Store) == [E.Store("so-nguoi", 123456789012345)]
    assert type(st.answers["so-nguoi"]) is int and st.cursor == "ty-le" and st.pending is None


def test_type_again_asks_the_same_question_and_stores_nothing() -> None:
    st, eff = run([E.Start(), E.Answer("1.200.000"), E.Answer("2")], QS)
    assert not of(eff, E.Store) and of(eff, E.Ask)[0].question_id == "so-nguoi" and st.pending is None
    st, eff = run([E.Start(), E.Answer("1.200.000"), E.Answer("2"), E.Answer("1200")], QS)
    assert of(eff, E.Store) == [E.Store("so-nguoi", 1200)]


def test_a_fresh_number_instead_of_a_choice_answers_the_question() -> None:
    _st, eff = run([E.Start(), E.Answer("1.200.000"), E.Answer("1.200")], QS)
    assert of(eff, E.Store) == [E.Store("so-nguoi", 1200)]


def test_a_value_that_misses_the_target_is_confirmed() -> None:
    _st, eff = run([E.Start(), E.Answer("12"), E.Answer("80")], QS)
    assert of(eff, E.Clarify) == [E.Clarify("ty-le", "answer.doubt.below_target", {"value": 80, "bound": 100},
                                            (80, None), put="confirm")]
    _st, eff = run([E.Start(), E.Answer("12"), E.Answer("80"), E.Answer("1")], QS)
    assert of(eff, E.Store) == [E.Store("ty-le", 80)]
    _st, eff = run([E.Start(), E.Answer("12"), E.Answer("100")], QS)  # the target met: stored at once
    assert of(eff, E.Store) == [E.Store("ty-le", 100)]


@pytest.mark.parametrize(("target", "value", "key"), [
    (Target(min=90, strict=True), 90, "answer.doubt.below_target_strict"),
    (Target(max=5), 6, "answer.doubt.above_target"),
    (Target(max=5, strict=True), 5, "answer.doubt.above_target_strict"),
])
def test_every_kind_of_numeric_target_is_checked(target: Target, value: int, key: str) -> None:
    q = Question(id="x", type=T.INTEGER, text="Số vụ", target=target)
    found = kind_of(q.type).doubt(q, value)
    assert found is not None and found.key == key


def test_a_choice_target_never_doubts() -> None:
    from bot.domain.plan.model import Option
    q = Question(id="c", type=T.CHOICE, text="Đã ban hành?", target=Target(equals="da"),
                 options=[Option(id="da", text="Đã"), Option(id="chua", text="Chưa")])
    assert confirm.doubt(q, "chua") is None


def test_a_reading_picked_is_still_checked_for_doubts() -> None:
    # "1,000" at an amount reads two ways; picking 1000 is fine, but a plan
    # with a lower plausible bound asks about it next
    low = AMOUNT.model_copy(update={"plausible_max": 500})
    st, eff = run([E.Start(), E.Answer("1,000"), E.Answer("1")], [low, LAST])
    assert of(eff, E.Clarify)[0].put == "confirm" and st.pending == (1000, None)


def test_the_plan_overrides_the_plausible_bound() -> None:
    roomy = COUNT.model_copy(update={"plausible_max": 5_000_000})
    _st, eff = run([E.Start(), E.Answer("1.200.000")], [roomy, LAST])
    assert of(eff, E.Store) == [E.Store("so-nguoi", 1200000)]
    assert Question(id="p", type=T.INTEGER, text="x", plausible_max=10).plausible_bound == 10
    with pytest.raises(ValueError, match="plausible_max"):
        Question(id="t", type=T.TEXT, text="x", plausible_max=10)


def test_a_hard_bound_stays_a_refusal_and_is_never_doubted() -> None:
    bounded = Question(id="b", type=T.INTEGER, text="Số buổi", max=200_000)
    _st, eff = run([E.Start(), E.Answer("300000")], [bounded, LAST])
    assert of(eff, E.Rejected)[0].key == "answer.out_of_range" and not of(eff, E.Clarify)
    under = Question(id="u", type=T.INTEGER, text="Số buổi", max=50)  # the hard bound is below the soft one
    assert under.plausible_bound is None


def test_the_confirmation_survives_the_session_round_trip() -> None:
    st, _ = run([E.Start(), E.Answer("1.200.000")], QS)
    data = st.to_json()
    assert data["put"] == "confirm" and data["pending"] == [1200000, None]
    back = E.WalkState.from_json(data, {})
    st, eff = E.step(QS, back, E.Answer("1"))
    assert of(eff, E.Store) == [E.Store("so-nguoi", 1200000)]


def test_navigation_drops_the_confirmation() -> None:
    st, _eff = run([E.Start(), E.Answer("1.200.000"), E.Review()], QS)
    assert st.pending is None and st.put == "readings" and "put" not in st.to_json()
