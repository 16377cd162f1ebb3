"""The receipt's reference number and how late a submission is."""

from __future__ import annotations

import datetime as dt

from bot.domain.receipts import receipt_number, round_initials
from bot.domain.reminders.calendar import WorkCalendar


def test_reference_names_year_round_and_submission() -> None:
    assert receipt_number(2025, "6-thang", 42) == "DV-2025-6T-0042"
    assert receipt_number(2026, "tu-cham-diem", 12345) == "DV-2026-TCD-12345"
    assert receipt_number(2025, "ca-nam", 7, times=2) == "DV-2025-CN-0007-2"  # resubmitted after a return
    assert round_initials("ke-hoach") == "KH" and round_initials("---") == "R"


def test_references_are_distinct_per_submission_and_typable() -> None:
    refs = {receipt_number(2025, r, i, n) for r in ("6-thang", "ca-nam") for i in range(1, 50) for n in (1, 2)}
    assert len(refs) == 2 * 49 * 2
    assert all(set(ref) <= set("DV-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for ref in refs)


def test_lateness_counts_working_days_after_the_effective_deadline() -> None:
    cal = WorkCalendar()
    # due Friday 28/03/2025; on 02/05: 35 days, 22 working days (7/4, 30/4 and 1/5 are holidays)
    late = cal.lateness(dt.date(2025, 3, 28), dt.date(2025, 5, 2))
    assert (late.days, late.working_days, late.late) == (35, 22, True)
    assert not cal.lateness(dt.date(2025, 3, 28), dt.date(2025, 3, 28)).late
    # Monday after a Friday deadline: one working day late, three days
    monday = cal.lateness(dt.date(2025, 3, 28), dt.date(2025, 3, 31))
    assert (monday.days, monday.working_days) == (3, 1)


def test_a_deadline_on_a_rest_day_moves_to_the_next_working_day() -> None:
    cal = WorkCalendar()
    # Saturday 29/03/2025: sending on Monday 31/03 is on time, Tuesday is one working day late
    on_time = cal.lateness(dt.date(2025, 3, 29), dt.date(2025, 3, 31))
    assert (on_time.days, on_time.working_days, on_time.late) == (0, 0, False)
    tuesday = cal.lateness(dt.date(2025, 3, 29), dt.date(2025, 4, 1))
    assert (tuesday.days, tuesday.working_days) == (3, 1)
