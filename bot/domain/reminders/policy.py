"""Which reminders are due, as a pure function of the policy, the deadline,
the calendar and the unit's status — no storage, no clock: golden-testable.

For one round the schedule is:

* ``before`` / ``due_today`` — ``before_days`` days before the deadline; a day
  that is a rest day moves to the previous working day (reminders come early:
  units treat "trước ngày X" as hard). Two that land on one day collapse into
  one. The reminder sent on the deadline itself is ``due_today``.
* ``overdue`` — every ``overdue_every_working_days`` working days after the
  effective deadline (the next working day when the deadline is a rest day,
  Civil Code art. 148(5)), at most ``overdue_max`` times.
* ``escalation`` — to the unit's scoped admins, once, together with overdue
  reminder number ``escalate_after_overdue`` (0 turns escalation off); the
  planner sends each admin one message listing all their units still open.
* ``digest`` — admins get a daily digest of their overdue units on every
  working day from the first to the last overdue reminder of the round
  (except the escalation day, whose message already lists them).

Every send is at ``policy.at`` local time on a working day.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from bot.domain.plan.model import ReminderPolicy
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.status import DONE

OFFICER_KINDS = ("before", "due_today", "overdue")


@dataclass(frozen=True, slots=True)
class Slot:
    """One reminder day of a round's schedule."""

    kind: str  # before | due_today | overdue | escalation
    day: dt.date  # local date the reminder goes out
    seq: int  # overdue number (1, 2 …); days left for before/due_today

    def key(self) -> str:
        return f"{self.kind}/{self.day.isoformat()}"


def send_at(day: dt.date, policy: ReminderPolicy, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """``policy.at`` on ``day`` in ``tz``, as aware UTC."""
    hour, minute = (int(p) for p in policy.at.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz).astimezone(dt.UTC)


def before_slots(deadline: dt.date, policy: ReminderPolicy, cal: WorkCalendar) -> list[Slot]:
    days: dict[dt.date, None] = {}
    for n in policy.before_days:
        days[cal.previous_working_day(deadline - dt.timedelta(days=n))] = None
    return [
        Slot("due_today" if day == deadline else "before", day, (deadline - day).days)
        for day in sorted(days)
    ]


def overdue_days(deadline: dt.date, policy: ReminderPolicy, cal: WorkCalendar) -> list[dt.date]:
    day = cal.effective_deadline(deadline)
    out = []
    for _ in range(policy.overdue_max):
        day = cal.add_working_days(day, policy.overdue_every_working_days)
        out.append(day)
    return out


def schedule(deadline: dt.date, policy: ReminderPolicy, cal: WorkCalendar) -> list[Slot]:
    """Every slot of the round, by day (escalation right after its overdue slot)."""
    slots = before_slots(deadline, policy, cal)
    for n, day in enumerate(overdue_days(deadline, policy, cal), 1):
        slots.append(Slot("overdue", day, n))
        if n == policy.escalate_after_overdue:
            slots.append(Slot("escalation", day, n))
    return slots


def digest_days(deadline: dt.date, policy: ReminderPolicy, cal: WorkCalendar) -> list[dt.date]:
    if not policy.admin_digest:
        return []
    overdue = overdue_days(deadline, policy, cal)
    if not overdue:
        return []
    escalated = overdue[policy.escalate_after_overdue - 1] if 0 < policy.escalate_after_overdue <= len(overdue) else None
    # The escalation already lists the overdue units that day.
    return [d for d in cal.working_days(overdue[0], overdue[-1]) if d != escalated]


def due_slots(
    deadline: dt.date, policy: ReminderPolicy, cal: WorkCalendar, *, status: str,
    start: dt.date, end: dt.date,
) -> list[Slot]:
    """The slots of a unit whose submission has ``status``, in ``[start, end]``:
    none at all once it is submitted or accepted."""
    if status in DONE:
        return []
    return [s for s in schedule(deadline, policy, cal) if start <= s.day <= end]


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Positive: days left; 0: due today; negative: days overdue."""
    return (deadline - today).days
