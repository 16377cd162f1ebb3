"""``when`` may also name a range of an earlier number: a follow-up such as
"share of petitions resolved" is asked only when some were received."""

from __future__ import annotations

import pytest

from bot.core.errors import PlanError
from bot.domain.checklist import engine as E
from bot.domain.plan.loader import load_plan, load_plan_data
from bot.domain.plan.model import Question, QuestionType, Range, condition_holds
from tests.conftest import PLANS

QS = [
    Question(id="don-thu", type=QuestionType.INTEGER, text="Số đơn thư đã tiếp nhận"),
    Question(id="ty-le", type=QuestionType.PERCENT, text="Tỷ lệ đã giải quyết",
             when={"don-thu": Range(min=1)}),
    Question(id="ghi-chu", type=QuestionType.TEXT, text="Ghi chú", required=False),
]


def test_condition_holds() -> None:
    assert condition_holds(Range(min=1), 3) and not condition_holds(Range(min=1), 0)
    assert not condition_holds(Range(min=1), None) and not condition_holds(Range(min=1), True)
    assert condition_holds(Range(max=5), 5) and not condition_holds(Range(max=5), 5.5)
    assert condition_holds(["da", "dang"], "da") and not condition_holds(["da"], "chua")


@pytest.mark.parametrize(("count", "asked"), [("0", False), ("7", True)])
def test_follow_up_only_when_the_number_is_in_range(count: str, asked: bool) -> None:
    st, effects = E.step(QS, E.WalkState(round_id="r"), E.Start())
    assert isinstance(effects[0], E.Ask) and effects[0].total == 3
    st, effects = E.step(QS, st, E.Answer(count))
    ask = next(e for e in effects if isinstance(e, E.Ask))
    assert ask.question_id == ("ty-le" if asked else "ghi-chu")
    # stable numbers (issue #10): a hidden follow-up keeps its place, "ghi-chu" stays 3 of 3
    assert (ask.number, ask.total) == ((2, 3) if asked else (3, 3))
    assert [q.id for q in E.visible(QS, {"don-thu": int(count)})] == (
        ["don-thu", "ty-le", "ghi-chu"] if asked else ["don-thu", "ghi-chu"])


def test_the_province_plan_asks_the_resolution_rate_only_with_petitions() -> None:
    plan = load_plan(PLANS / "tay-ninh-2025.yaml")
    for round_id in ("6-thang", "ca-nam"):
        by_id = {q.id: q for q in plan.questions(round_id)}
        # the rate is worked out from two counts, asked only once petitions were received
        assert by_id["so-lieu.don-thu-tham-quyen"].when == {"dan-chu-co-so.don-thu": Range(min=1)}
        assert by_id["so-lieu.ty-le-giai-quyet"].type == "calculated"


def test_a_range_on_a_choice_question_is_refused() -> None:
    data = load_plan(PLANS / "tay-ninh-2025.yaml").to_data()
    questions = data["rounds"][1]["sections"][0]["questions"]
    questions[1]["when"] = {questions[0]["id"]: {"min": 1}}  # the first question is a choice
    with pytest.raises(PlanError, match="not a number question"):
        load_plan_data(data, "bad.yaml")
