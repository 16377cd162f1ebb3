"""The officer's self-score lines (handlers/views/scoring.py), in both
languages, with the criteria the bot computes; nothing for a round that is
not scored."""

from __future__ import annotations

from pathlib import Path

from bot.domain.plan.loader import load_plan
from bot.domain.reminders.calendar import Lateness
from bot.domain.scoring import computed_criteria, computed_score
from handlers.views.scoring import computed_line, self_score_lines

SMALL = Path(__file__).parent / "golden" / "plans" / "cham-diem-2025.yaml"
PLANS = Path(__file__).parents[2] / "plans"
ANSWERS = {"diem.lanh-dao.ke-hoach": 38.5, "diem.lanh-dao.quan-triet": 25, "diem.bao-cao.dung-han": 10}


def test_self_score_in_english_uses_the_band_label_and_decimal_points() -> None:
    own, pending = self_score_lines("en", load_plan(SMALL), "cham-diem", ANSWERS)
    assert own == "🏅 Self-score: 73.5/80 points (91.88 on the 100-point scale) · Expected rating: Good"
    assert "20 points the upper level awards" in pending


def test_self_score_in_vietnamese() -> None:
    own, _ = self_score_lines("vi", load_plan(SMALL), "cham-diem", ANSWERS)
    assert own == "🏅 Tự chấm: 73,5/80 điểm (quy ra thang 100: 91,88) · Dự kiến xếp loại: Tốt"


def test_no_lines_for_a_round_that_is_not_scored_or_before_any_score() -> None:
    assert self_score_lines("vi", load_plan(PLANS / "tay-ninh-2025.yaml"), "6-thang", {"x": 1}) == []
    assert self_score_lines("vi", load_plan(SMALL), "cham-diem", {}) == []


def test_a_computed_criterion_says_why_in_english_and_names_other_rounds() -> None:
    plan = load_plan(SMALL)
    [(qid, c)] = computed_criteria(plan.rubric("mau-nho"))
    late = computed_score(qid, c, {"cham-diem": Lateness(4, 2)})
    assert computed_line("en", plan, "cham-diem", late) == (
        "🤖 Scoring dossier sent on time: 0 points (computed by the bot: sent 4 days (2 working days) after 10/05/2025)")
    lines = self_score_lines("en", plan, "cham-diem", ANSWERS, [late])
    assert lines[1].startswith("Points the bot computes") and "63.5/80" in lines[2]
    assert self_score_lines("en", plan, "cham-diem", ANSWERS, [late], final=True)[1].startswith("🏅")
    # a round other than the scoring round is named
    other = computed_score(qid, c, {"x": Lateness(0, 0)})
    with_title = computed_line("vi", plan.model_copy(update={"rounds": [*plan.rounds, plan.rounds[0].model_copy(
        update={"id": "x", "title": "Báo cáo 6 tháng"})]}), "cham-diem", other)
    assert "bot tự tính: Báo cáo 6 tháng: nộp đúng hạn 10/05/2025" in with_title
