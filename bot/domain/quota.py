"""A channel's monthly message quota and its user cap: which period a moment
falls in, when the quota comes back, and which warning a new count crosses.

The Zalo Bot Platform's Basic plan allows 3,000 messages a month and 50 users
per bot (``DVBOT_ZALO_MONTHLY_QUOTA``, ``DVBOT_ZALO_MAX_USERS``). The quota is
taken to reset at midnight on ``reset_day`` (the 1st unless set otherwise) in
the bot's time zone (Asia/Ho_Chi_Minh). Admins are warned once a period at
each of :data:`WARN_AT` percent.
"""

from __future__ import annotations

import datetime as dt

WARN_AT = (80, 95)  # percent of a limit at which admins are warned, once a period each


def period_start(day: dt.date, reset_day: int = 1) -> dt.date:
    """The first day of the quota period ``day`` falls in."""
    if not 1 <= reset_day <= 28:
        raise ValueError("the reset day must be 1 to 28 (every month has it)")
    if day.day >= reset_day:
        return day.replace(day=reset_day)
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return dt.date(year, month, reset_day)


def next_reset(now: dt.datetime, tz: dt.tzinfo, reset_day: int = 1) -> dt.datetime:
    """When the quota of the period ``now`` is in comes back (UTC)."""
    start = period_start(now.astimezone(tz).date(), reset_day)
    year, month = (start.year, start.month + 1) if start.month < 12 else (start.year + 1, 1)
    return dt.datetime(year, month, reset_day, tzinfo=tz).astimezone(dt.UTC)


def crossed(count: int, limit: int, warned: int) -> int | None:
    """The highest warning level (percent) that ``count`` of ``limit`` has
    reached and that was not given yet (``warned``: the level given so far
    this period, 0 for none); ``None`` when there is nothing new to say."""
    if limit <= 0:
        return None
    reached = [level for level in WARN_AT if count * 100 >= level * limit]
    if not reached or reached[-1] <= warned:
        return None
    return reached[-1]
