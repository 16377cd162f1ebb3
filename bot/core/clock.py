"""An injectable clock so reminder and expiry tests travel in time."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FakeClock:
    """A clock tests set and advance by hand."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self._now

    def set(self, when: dt.datetime) -> None:
        self._now = when.astimezone(dt.UTC)

    def advance(self, **delta: float) -> dt.datetime:
        self._now += dt.timedelta(**delta)
        return self._now


def from_ms(ms: int | None) -> dt.datetime | None:
    """A platform's milliseconds since the epoch as a UTC datetime (Zalo's
    ``date`` and ``timestamp``); ``None`` for nothing or nonsense."""
    if ms is None or isinstance(ms, bool):
        return None
    try:
        return dt.datetime.fromtimestamp(int(ms) / 1000, dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
