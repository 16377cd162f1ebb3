"""The ``calculated`` question type (issue #13): a figure worked out from
earlier answers with a small expression parser (never ``eval``), exact
Decimal arithmetic, blank on a division by zero; never asked, stored when
an answer it reads changes, refused when typed at."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bot.core.errors import AnswerError, PlanError
from bot.domain.checklist import engine as E
from bot.domain.checklist.calculate import recalculated
from bot.domain.plan.loader import load_plan_data
from bot.domain.plan.model import Plan, Question
from bot.domain.questions import formula, kind_of
from tests.domain.test_plan_model import minimal

RATE = "{a.resolved} / {a.received} * 100"


def q(**fields: Any) -> Question:
    return Question.model_validate({"id": "a.rate", "type": "calculated", "text": "Tỷ lệ", "formula": RATE,
                                    "unit": "%", "required": False, **fields})


def test_the_parser_reads_arithmetic_and_nothing_else() -> None:
    node = formula.parse("({a.x} - 2) * -{b.y-z} / 4 + 1.5")
    assert formula.refs(node) == ["a.x", "b.y-z"]
    assert formula.evaluate(node, {"a.x": 10, "b.y-z": 3}) == Decimal("-4.5")
    for bad in ("__import__('os')", "{a.x} ** 2", "{a.x}.real", "open", "1 +", "(1 + 2", "1 2", "{A.X}",
                "{a.x} % 2", "lambda: 1", "1e309"):
        with pytest.raises(ValueError, match="formula"):
            formula.parse(bad)
    with pytest.raises(ValueError, match="longer than"):
        formula.parse("1+" * 300 + "1")


def test_exact_arithmetic_and_blank_when_it_cannot_be_worked_out() -> None:
    rate = q()
    kind = kind_of("calculated")
    assert kind.compute(rate, {"a.resolved": 1, "a.received": 3}) == 33.33  # exact, two places, half up
    assert kind.compute(rate, {"a.resolved": 2, "a.received": 3}) == 66.67
    assert kind.compute(rate, {"a.resolved": 3, "a.received": 3}) == 100
    assert kind.compute(rate, {"a.resolved": 0.1, "a.received": 0.3}) == 33.33  # no float drift
    assert kind.compute(rate, {"a.resolved": 0, "a.received": 0}) is None  # a rate of nothing
    assert kind.compute(rate, {"a.resolved": 2}) is None  # an input not answered
    assert kind.compute(rate, {"a.resolved": "hai", "a.received": 3}) is None
    assert kind.compute(rate, {"a.resolved": True, "a.received": 3}) is None
    # 1/7*100 = 14.285714…: kept to two places
    assert kind.compute(rate, {"a.resolved": 1, "a.received": 7}) == 14.29


def test_never_typed_and_shown_with_its_unit() -> None:
    rate, kind = q(), kind_of("calculated")
    assert not kind.asked and kind_of("integer").asked
    with pytest.raises(AnswerError) as info:
        kind.parse(rate, "75")
    assert info.value.key == "answer.calculated"
    assert kind.shown(rate, 75.5, "vi").unit == "%"  # type: ignore[union-attr]
    assert kind.hint(rate).key == "render.hint.calculated"


def _plan(questions: list[dict[str, Any]]) -> Plan:
    data = minimal()
    data["rounds"][0]["sections"][0]["questions"] = questions
    return load_plan_data(data, "plan.yaml")


COUNTS = [
    {"id": "a.received", "type": "integer", "text": "Đã nhận"},
    {"id": "a.resolved", "type": "integer", "text": "Đã giải quyết"},
    {"id": "a.rate", "type": "calculated", "text": "Tỷ lệ", "formula": RATE, "unit": "%", "required": False},
    {"id": "a.note", "type": "text", "text": "Ghi chú", "required": False},
]


def test_the_plan_names_only_earlier_number_questions() -> None:
    assert _plan(COUNTS).questions("6-thang")[2].formula == RATE
    later = [COUNTS[0], COUNTS[2], COUNTS[1]]
    with pytest.raises(PlanError, match="not an earlier number question"):
        _plan(later)
    with pytest.raises(PlanError, match=r"'a\.note', which is not an earlier number question"):
        _plan([COUNTS[3], *COUNTS[:2], {**COUNTS[2], "formula": "{a.note} * 2"}])
    with pytest.raises(PlanError, match="needs its formula"):
        _plan([*COUNTS[:2], {k: v for k, v in COUNTS[2].items() if k != "formula"}])
    with pytest.raises(PlanError, match="cannot read"):
        _plan([*COUNTS[:2], {**COUNTS[2], "formula": "{a.resolved} ^ 2"}])
    with pytest.raises(PlanError, match="only allowed on calculated"):
        _plan([{**COUNTS[0], "formula": "1"}])


def test_the_walk_stores_it_after_its_inputs_and_never_asks_it() -> None:
    questions = _plan(COUNTS).questions("6-thang")
    st, effects = E.step(questions, E.WalkState(round_id="6-thang"), E.Start())
    assert [e.question_id for e in effects if isinstance(e, E.Ask)] == ["a.received"]
    st, effects = E.step(questions, st, E.Answer("4"))
    assert [(e.question_id, e.value) for e in effects if isinstance(e, E.Store)] == [("a.received", 4)]
    st, effects = E.step(questions, st, E.Answer("3"))
    # the rate is stored with the answer it follows, and the walk goes on past it
    assert [(e.question_id, e.value) for e in effects if isinstance(e, E.Store)] == [
        ("a.resolved", 3), ("a.rate", 75)]
    assert [e.question_id for e in effects if isinstance(e, E.Ask)] == ["a.note"]
    # an edit of an input works it out again; a blank result is stored as blank
    st, _ = E.step(questions, st, E.Edit(1))
    st, effects = E.step(questions, st, E.Answer("0"))
    assert [(e.question_id, e.value) for e in effects if isinstance(e, E.Store)] == [
        ("a.received", 0), ("a.rate", None)]
    # nothing is missing for it, and typed at (after /sua 3) it is refused
    assert "a.rate" not in [it.question_id for it in E.missing_required(questions, st.answers)]
    st, _ = E.step(questions, st, E.Edit(3))
    st, effects = E.step(questions, st, E.Answer("50"))
    assert [e.key for e in effects if isinstance(e, E.Rejected)] == ["answer.calculated"]
    assert st.answers["a.rate"] is None


def test_recalculated_reads_calculated_in_plan_order() -> None:
    questions = _plan([*COUNTS[:3], {"id": "a.left", "type": "calculated", "text": "Còn lại",
                                     "formula": "100 - {a.rate}", "required": False}]).questions("6-thang")
    assert recalculated(questions, {"a.received": 4, "a.resolved": 1}) == {"a.rate": 25, "a.left": 75}
    assert recalculated(questions, {"a.received": 4, "a.resolved": 1, "a.rate": 25, "a.left": 75}) == {}
