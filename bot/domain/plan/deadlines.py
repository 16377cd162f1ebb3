"""What a round's deadline means: the one reading of the document's wording.

* ``by`` — "chậm nhất ngày X", "hạn X": X itself is the last day (a report
  sent on a rest-day X's next working day is still on time: Civil Code 2015
  art. 148(5), :meth:`WorkCalendar.lateness`);
* ``before`` — "trước ngày X": read literally the last day is the day before
  X, and since nobody can send a report on a rest day, the last day is the
  working day before X ("trước ngày 01/11/2025", a Saturday, is Friday
  31/10/2025; "trước ngày 12/5/2025", a Monday, is Friday 9/5/2025). That
  day is a working day, so nothing moves it later: reminders come before it
  and lateness counts from the day after.

The working days are the Vietnamese public calendar (weekends, the public
holidays of the ``holidays`` package); a deployment's extra days off do not
move a plan's deadline, which is the same for every unit.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from bot.domain.reminders.calendar import WorkCalendar

DeadlineKind = Literal["before", "by"]
ONE_DAY = dt.timedelta(days=1)


@cache
def _public_calendar() -> WorkCalendar:
    return WorkCalendar()


@cache  # a pure function of two values: asked once per reminder row when a year is planned
def last_day(deadline: dt.date, kind: DeadlineKind) -> dt.date:
    """The last day a report is on time, for a deadline of ``kind``."""
    if kind == "before":
        return _public_calendar().previous_working_day(deadline - ONE_DAY)
    return deadline
