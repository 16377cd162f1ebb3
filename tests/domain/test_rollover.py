"""Rolling a plan to the next year moves the years its wording names, leaves
periods and cited dates alone, and says which texts to check."""

from __future__ import annotations

import pytest

from bot.domain.plan.loader import load_plan, rollover_noting
from bot.domain.plan.rollover import move_years
from plans import bundled_path


@pytest.mark.parametrize(
    ("text", "moved", "left"),
    [
        ("Kế hoạch công tác dân vận chính quyền năm 2025", "Kế hoạch công tác dân vận chính quyền năm 2026", False),
        ("Chỉ số so với năm 2024", "Chỉ số so với năm 2025", False),
        ("Six-month report 2025", "Six-month report 2026", False),
        ("giai đoạn 2021 - 2025", "giai đoạn 2021 - 2025", True),
        ("the 2021–2025 programme", "the 2021–2025 programme", True),
        ("Quyết định số 31/QĐ-UBND ngày 20/01/2025", "Quyết định số 31/QĐ-UBND ngày 20/01/2025", True),
        ("ngày 6 tháng 3 năm 2025", "ngày 6 tháng 3 năm 2025", True),
        ("Chỉ thị số 12 năm 2022", "Chỉ thị số 12 năm 2022", False),  # another year: not this plan's
        ("120250 lượt, mã 2025X", "120250 lượt, mã 2025X", False),
    ],
)
def test_move_years(text: str, moved: str, left: bool) -> None:
    assert move_years(text, 2025, 1) == (moved, left)


def test_a_deadline_text_date_moves_with_the_deadline() -> None:
    assert move_years("Trước ngày 20/5/2025", 2025, 1, dates_move=True) == ("Trước ngày 20/5/2026", False)


def test_the_province_plan_rolled_to_2026() -> None:
    plan = load_plan(bundled_path("tay-ninh-2025"))
    new, unmoved = rollover_noting(plan, 2026)
    assert new.code == "tay-ninh-2026" and new.year == 2026
    assert "năm 2026" in new.title and "2025" not in new.title
    six = next(r for r in new.rounds if r.id == "6-thang")
    assert six.deadline.isoformat() == "2026-05-20" and six.deadline_text == "Trước ngày 20/5/2026"
    texts = [q.text for q in new.questions("6-thang")]
    assert any("so với năm 2025" in t for t in texts) and not any("so với năm 2024" in t for t in texts)
    # the cited periods stay, and the admin is told where
    assert unmoved and all("2021" in u.text for u in unmoved)
    assert {u.path.split(".")[0] for u in unmoved} == {"rounds[1]", "rounds[2]"}
    assert new.document == plan.document  # last year's document, untouched
