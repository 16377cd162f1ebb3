"""Which admins hear about a unit: one target per identity whose scope
(granted on the unit or above it) covers it — the rule the planner and the
dispatcher's unreachable notice share."""

from __future__ import annotations

from bot.domain.reminders.targets import AdminTarget, covering
from bot.domain.units import UnitInfo

TREE = {
    u.id: u for u in [
        UnitInfo(1, "TN", "UBND tỉnh", None, "tinh"),
        UnitInfo(2, "SNV", "Sở Nội vụ", 1, "so"),
        UnitInfo(3, "X-TANAN", "UBND phường Tân An", 1, "xa"),
        UnitInfo(4, "TH-TANAN", "Trường học Tân An", 3, "don-vi"),
    ]
}


def target(user: str, unit: int, channel: str = "telegram") -> AdminTarget:
    return AdminTarget(channel, user, user, unit, None, None)


def test_one_target_per_identity_over_the_unit() -> None:
    both = [target("a", 1), target("a", 3)]  # granted a unit and one below it
    sibling = target("b", 2)
    zalo_twin = target("a", 4, "zalo")  # the same user id on another channel is another identity
    got = covering(TREE, [*both, sibling, zalo_twin], 4)
    assert got == [both[0], zalo_twin]


def test_nobody_covers_a_unit_outside_every_scope() -> None:
    assert covering(TREE, [target("b", 2), target("c", 4)], 3) == []
    assert covering(TREE, [target("c", 4)], 99) == []  # a unit missing from the tree
