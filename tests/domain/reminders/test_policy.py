"""The policy and the calendar as pure functions: golden schedules."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.plan.model import ReminderPolicy
from bot.domain.reminders import policy as pol
from bot.domain.reminders.calendar import WorkCalendar

D = dt.date
CAL = WorkCalendar()
DEFAULT = ReminderPolicy()


def lines(deadline: dt.date, policy: ReminderPolicy = DEFAULT, cal: WorkCalendar = CAL) -> list[str]:
    return [f"{s.day:%a %d/%m} {s.kind}{'' if s.kind in ('before', 'due_today') else ' #' + str(s.seq)}"
            for s in pol.schedule(deadline, policy, cal)]


def test_calendar_knows_lunar_and_fixed_holidays_and_swapped_days() -> None:
    rest = [D(2025, 1, 1), D(2025, 1, 27), D(2025, 1, 29), D(2025, 1, 31), D(2025, 4, 7),
            D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2), D(2025, 9, 1), D(2025, 9, 2), D(2025, 8, 31)]
    assert not any(CAL.is_working_day(d) for d in rest)
    assert CAL.is_working_day(D(2025, 4, 26))  # Saturday worked in exchange for 2/5
    assert CAL.rest_day_name(D(2025, 1, 29)) == "Tết Nguyên Đán"
    assert CAL.rest_day_name(D(2025, 4, 7), "en") == "Hung Kings' Commemoration Day"
    assert CAL.effective_deadline(D(2025, 8, 31)) == D(2025, 9, 3)


def test_settings_add_days_off_and_make_up_days() -> None:
    cal = WorkCalendar(extra_days_off=["2025-05-05"], extra_working_days=["2025-05-03"])
    assert not cal.is_working_day(D(2025, 5, 5))
    assert cal.is_working_day(D(2025, 5, 3))
    assert cal.next_working_day(D(2025, 5, 1)) == D(2025, 5, 3)


def test_tet_collapses_the_before_reminders_onto_the_last_day_before_the_holiday() -> None:
    assert lines(D(2025, 2, 3)) == [
        "Fri 24/01 before",
        "Mon 03/02 due_today",
        "Wed 05/02 overdue #1",
        "Wed 05/02 escalation #1",
        "Fri 07/02 overdue #2",
        "Tue 11/02 overdue #3",
    ]


def test_reunification_day_and_labour_day() -> None:
    assert lines(D(2025, 5, 5)) == [
        "Mon 28/04 before",
        "Tue 29/04 before",
        "Mon 05/05 due_today",
        "Wed 07/05 overdue #1",
        "Wed 07/05 escalation #1",
        "Fri 09/05 overdue #2",
        "Tue 13/05 overdue #3",
    ]


def test_deadline_on_a_sunday_before_national_day() -> None:
    # due_today moves to Friday; overdue counts from 3/9 (the next working day
    # after Sunday 31/8 and the 1–2/9 holiday, Civil Code art. 148(5)).
    assert lines(D(2025, 8, 31)) == [
        "Fri 22/08 before",
        "Thu 28/08 before",
        "Fri 29/08 before",
        "Fri 05/09 overdue #1",
        "Fri 05/09 escalation #1",
        "Tue 09/09 overdue #2",
        "Thu 11/09 overdue #3",
    ]
    assert pol.digest_days(D(2025, 8, 31), DEFAULT, CAL) == [
        D(2025, 9, 8), D(2025, 9, 9), D(2025, 9, 10), D(2025, 9, 11)]


def test_round_override_and_escalation_later() -> None:
    p = ReminderPolicy(before_days=[1], overdue_every_working_days=1, overdue_max=2,
                       escalate_after_overdue=2, at="07:30")
    assert lines(D(2025, 3, 28), p) == [
        "Thu 27/03 before", "Mon 31/03 overdue #1", "Tue 01/04 overdue #2", "Tue 01/04 escalation #2"]
    assert pol.send_at(D(2025, 3, 27), p, CAL_TZ) == dt.datetime(2025, 3, 27, 0, 30, tzinfo=dt.UTC)


CAL_TZ = __import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_submitted_units_get_nothing(status: str) -> None:
    assert pol.due_slots(D(2025, 5, 5), DEFAULT, CAL, status=status, start=D(2025, 1, 1), end=D(2025, 12, 31)) == []
    assert len(pol.due_slots(D(2025, 5, 5), DEFAULT, CAL, status="returned",
                             start=D(2025, 5, 1), end=D(2025, 5, 31))) == 5
