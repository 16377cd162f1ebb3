"""The Vietnamese working calendar: weekends, public holidays (the ``holidays``
package, country VN — Tết and Giỗ Tổ Hùng Vương come from the lunar
calendar) and the government's swapped days (a Saturday worked to make a
longer holiday), plus extra days off and make-up working days from settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded when a calendar is first built: a quick command that reads no date starts without it
    import holidays

ONE_DAY = dt.timedelta(days=1)
MAX_SCAN = 60  # no run of rest days is this long; guards against bad settings


def _dates(values: Iterable[dt.date | str]) -> frozenset[dt.date]:
    return frozenset(v if isinstance(v, dt.date) else dt.date.fromisoformat(v) for v in values)


@dataclass(frozen=True)
class Lateness:
    """How late something done on a day is against a deadline."""

    days: int  # calendar days after the deadline (0 when on time)
    working_days: int  # working days after the effective deadline: > 0 means late

    @property
    def late(self) -> bool:
        return self.working_days > 0


class WorkCalendar:
    def __init__(
        self, extra_days_off: Iterable[dt.date | str] = (),
        extra_working_days: Iterable[dt.date | str] = (),
    ) -> None:
        self.extra_days_off = _dates(extra_days_off)
        self.extra_working_days = _dates(extra_working_days)
        self._names: dict[str, holidays.HolidayBase] = {}
        self._vn = self._holidays("vi")

    @classmethod
    def from_settings(cls, settings: object) -> WorkCalendar:
        return cls(
            getattr(settings, "extra_days_off", ()) or (),
            getattr(settings, "extra_working_days", ()) or (),
        )

    def _holidays(self, lang: str) -> holidays.HolidayBase:
        if lang not in self._names:
            import holidays

            language = "vi" if lang == "vi" else "en_US"
            self._names[lang] = holidays.country_holidays("VN", language=language)
        return self._names[lang]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return bool(self._vn.is_working_day(day))

    def rest_day_name(self, day: dt.date, lang: str = "vi") -> str | None:
        """Why ``day`` is a rest day (holiday name, or ``None`` for a plain
        weekend or extra day off — the caller words those); ``None`` too when it
        is a working day."""
        if self.is_working_day(day):
            return None
        name = self._holidays(lang).get(day)
        return str(name).split(";")[0].strip() if name else None

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the nearest one before it."""
        for _ in range(MAX_SCAN):
            if self.is_working_day(day):
                return day
            day -= ONE_DAY
        raise ValueError("no working day found within 60 days")

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the nearest one after it."""
        for _ in range(MAX_SCAN):
            if self.is_working_day(day):
                return day
            day += ONE_DAY
        raise ValueError("no working day found within 60 days")

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``day`` itself not counted)."""
        for _ in range(n):
            day = self.next_working_day(day + ONE_DAY)
        return day

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days in ``[start, end]``."""
        out = []
        while start <= end:
            if self.is_working_day(start):
                out.append(start)
            start += ONE_DAY
        return out

    def effective_deadline(self, deadline: dt.date) -> dt.date:
        """Civil Code 2015 art. 148(5): a period ending on a rest day ends on the
        next working day. Overdue counting starts after this day."""
        return self.next_working_day(deadline)

    def lateness(self, deadline: dt.date, day: dt.date) -> Lateness:
        """Done on ``day``: late by the working days after the effective
        deadline (a deadline on a rest day moves to the next working day, so a
        report sent then is on time), and by that many calendar days."""
        effective = self.effective_deadline(deadline)
        if day <= effective:
            return Lateness(0, 0)
        working = len(self.working_days(effective + ONE_DAY, day))
        return Lateness((day - deadline).days if working else 0, working)
