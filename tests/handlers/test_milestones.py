"""Plan milestones units do not report for (the appraisal) come from the
documents and are shown in /tiendo while they are ahead."""

from __future__ import annotations

import datetime as dt

from bot.core.clock import FakeClock
from bot.domain.plan.loader import load_plan
from tests.conftest import PLANS, SEEDS, Chat, register


def test_milestones_match_the_documents() -> None:
    for plan_file, seed, when in (
        ("tay-ninh-2025.yaml", "ke-hoach-tinh-tay-ninh-2025-696.txt", dt.date(2025, 12, 15)),
        ("tp-tay-ninh-2025.yaml", "ke-hoach-tp-tay-ninh-2025.txt", dt.date(2025, 11, 10)),
    ):
        [m] = load_plan(PLANS / plan_file).milestones
        assert m.date == when
        text = (SEEDS / seed).read_text(encoding="utf-8").replace("**", "")
        assert f"trước ngày {when.day:02d}/{when.month:02d}/{when.year}" in text


async def test_status_shows_the_coming_milestone(chat: Chat, codes: dict[str, str], clock: FakeClock) -> None:
    await register(chat, codes["SNV"])
    status = await chat.say("/tiendo")
    assert "ℹ️ Trước 15/12/2025: Sở Nội vụ chấm điểm" in status
    clock.set(dt.datetime(2025, 12, 20, 2, tzinfo=dt.UTC))
    assert "ℹ️" not in await chat.say("/tiendo")  # past milestones are not shown
