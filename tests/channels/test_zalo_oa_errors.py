"""How the OA client reads Zalo's error codes (bot/channels/zalo_oa/client.py,
the table and its sources in docs/zalo.md): the OA's quota pauses sends, one
person's limit or window does not, -240 is no quota, token codes refresh."""

from __future__ import annotations

import pytest

from bot.channels.zalo_oa.client import kind_of


@pytest.mark.parametrize(("code", "message", "kind"), [
    (-216, "Access token is invalid", "token"),
    (-220, "access_token is expired or removed", "token"),
    (-230, "User has not interacted with the OA in the past 7 days", "window"),
    (-232, "User has not interacted with the OA, or the last interaction has expired", "window"),
    (-213, "User has not followed OA", "unreachable"),
    (-227, "User is banned or inactive for more than 45 days", "unreachable"),
    (-244, "User has restricted this message type from your OA", "unreachable"),
    (-211, "Out of quota", "quota"),
    (-218, "Out of quota receive", "window"),  # this person's limit: the OA's other sends go on
    (-240, "MessageV2 API has been shut down, please switch to MessageV3", "other"),  # not a quota
    (-32, "Your OA reached limit call api", "rate"),
    (-201, "text is invalid!", "other"),
    (-999, "Out of quota for responding to user message", "quota"),  # an unknown code: read by its text
])
def test_each_documented_code_maps_to_its_kind(code: int, message: str, kind: str) -> None:
    assert kind_of(code, message) == kind
