"""Dedupe keys: deployed outboxes hold these exact strings, so they never change."""

from __future__ import annotations

import datetime as dt

from bot.domain.reminders import keys

DAY = dt.date(2025, 8, 22)


def test_formats_are_the_stored_ones() -> None:
    k = keys.RoundKey("nam-2025", "quoc-khanh", dt.date(2025, 8, 31))
    assert k.officer("before", DAY, 3, 7) == "nam-2025/quoc-khanh@20250831/before/2025-08-22/u3/officer7"
    assert k.unreachable(3, 7, "zalo", "u1") == "nam-2025/quoc-khanh@20250831/unreachable/u3/officer7/admin:zalo:u1"
    assert k.escalation(DAY, "console", "admin") == "nam-2025/quoc-khanh@20250831/escalation/2025-08-22/admin:console:admin"
    assert k.group(DAY, 1, "telegram", "-100tn") == "nam-2025/quoc-khanh@20250831/group/2025-08-22/u1/telegram:-100tn"
    assert keys.digest(DAY, "console", "admin") == "digest/2025-08-22/admin:console:admin"
    at = dt.datetime(2025, 8, 22, 1, 2, 3, tzinfo=dt.UTC)
    assert keys.manual("nam-2025", "quoc-khanh", at, 3, 7) == "nam-2025/quoc-khanh/manual/20250822T010203/u3/officer7"


def test_keys_fit_the_column() -> None:
    k = keys.RoundKey("p" * 200, "r" * 200, DAY)
    assert len(k.officer("before", DAY, 1, 1)) == keys.MAX_LEN
