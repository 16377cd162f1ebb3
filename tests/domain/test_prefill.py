"""Pre-filling from an earlier round: which answers carry, and "giữ" takes them."""

from __future__ import annotations

from pathlib import Path

from bot.domain.checklist import engine as E
from bot.domain.plan.loader import load_plan
from bot.domain.prefill import carried, earlier_rounds
from tests.domain.test_engine import QS

PLANS = Path(__file__).resolve().parents[2] / "plans"


def test_the_annual_round_follows_the_6_month_round_in_the_bundled_plan() -> None:
    plan = load_plan(PLANS / "tay-ninh-2025.yaml")
    # the annual round names the round it carries from (carry_from: [6-thang])
    assert plan.round("ca-nam").carry_from == ["6-thang"]
    assert earlier_rounds(plan, "ca-nam") == ["6-thang"]
    assert earlier_rounds(plan, "ke-hoach") == []
    # without carry_from: every earlier round, the latest first
    free = plan.model_copy(update={"rounds": [r.model_copy(update={"carry_from": []}) for r in plan.rounds]})
    assert earlier_rounds(free, "ca-nam") == ["6-thang", "ke-hoach"]
    annual = {q.id for q in plan.questions("ca-nam")}
    half = {q.id for q in plan.questions("6-thang")}
    assert "dan-chu-co-so.tiep-cong-dan" in annual & half  # the link is the question id


def test_numbers_and_choices_carry_text_and_files_do_not() -> None:
    six_months = {"trien-khai": "da", "so-buoi": 12, "ghi-chu": "tốt", "minh-chung": {"file_id": "f"}}
    plan_round = {"so-buoi": 3}
    assert carried(QS, [six_months, plan_round]) == {"trien-khai": "da", "so-buoi": 12}
    assert carried(QS, [{"so-buoi": None}, plan_round]) == {"so-buoi": 3}  # the latest that has it
    assert carried(QS, []) == {}


def test_the_previous_answer_is_shown_and_keep_stores_it() -> None:
    st = E.WalkState(round_id="r", previous={"trien-khai": "da", "so-buoi": 12})
    st, eff = E.step(QS, st, E.Start())
    [ask] = [e for e in eff if isinstance(e, E.Ask)]
    assert (ask.question_id, ask.current, ask.previous) == ("trien-khai", None, "da")
    st, eff = E.step(QS, st, E.Keep())
    assert eff[0] == E.Store("trien-khai", "da")
    st = E.WalkState(**{**st.__dict__, "answers": {"trien-khai": "da"}})
    st, eff = E.step(QS, st, E.Answer("15"))  # a new value replaces the earlier one
    assert eff[0] == E.Store("so-buoi", 15)


def test_an_answered_question_shows_its_answer_not_the_previous_one() -> None:
    st = E.WalkState(round_id="r", cursor="so-buoi", answers={"trien-khai": "da", "so-buoi": 20},
                     previous={"so-buoi": 12})
    _, eff = E.step(QS, st, E.Start())
    [ask] = [e for e in eff if isinstance(e, E.Ask)]
    assert (ask.current, ask.previous) == (20, None)
    _, eff = E.step(QS, st, E.Keep())
    assert not [e for e in eff if isinstance(e, E.Store)]  # keeps this round's own answer
