"""The quota period, its reset and the 80 % / 95 % warnings (bot/domain/quota.py)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from bot.domain.quota import crossed, next_reset, period_start

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_period_starts_on_the_reset_day() -> None:
    assert period_start(dt.date(2025, 5, 31)) == dt.date(2025, 5, 1)
    assert period_start(dt.date(2025, 5, 9), reset_day=10) == dt.date(2025, 4, 10)
    assert period_start(dt.date(2025, 1, 9), reset_day=10) == dt.date(2024, 12, 10)
    with pytest.raises(ValueError):
        period_start(dt.date(2025, 5, 1), reset_day=31)


def test_the_quota_resets_at_local_midnight_on_the_first() -> None:
    # 23:30 on 31 May in Ho Chi Minh City is 16:30 UTC: still May; the reset is 1 June 00:00 +07.
    late_may = dt.datetime(2025, 5, 31, 16, 30, tzinfo=dt.UTC)
    assert next_reset(late_may, HCM) == dt.datetime(2025, 5, 31, 17, 0, tzinfo=dt.UTC)
    # 00:30 on 1 June local (17:30 UTC on 31 May) is already June's period.
    early_june = dt.datetime(2025, 5, 31, 17, 30, tzinfo=dt.UTC)
    assert next_reset(early_june, HCM) == dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)
    assert next_reset(dt.datetime(2025, 12, 15, tzinfo=dt.UTC), HCM) == dt.datetime(2025, 12, 31, 17, 0,
                                                                                    tzinfo=dt.UTC)


def test_warnings_come_once_at_80_and_95_percent() -> None:
    assert crossed(2399, 3000, 0) is None
    assert crossed(2400, 3000, 0) == 80
    assert crossed(2401, 3000, 80) is None
    assert crossed(2850, 3000, 80) == 95
    assert crossed(3000, 3000, 95) is None
    assert crossed(2900, 3000, 0) == 95  # jumped past both: the higher one only
    assert crossed(40, 50, 0) == 80
