"""What the reminders say, as a golden transcript: the Sunday deadline before
National Day (rest-day note), a group roll-call, a parent unit's roll-up, the
escalation and the digest to the admin, in Vietnamese and English.
Regenerate with ``DVBOT_UPDATE_GOLDEN=1`` after an intended change, and read the diff."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from bot.shell.scheduler import ReminderTick
from storage import plans as plan_store
from storage import submissions as sub_store
from tests.support.golden import UPDATE
from tests.support.reminders import (
    FakeSender,
    add_admin,
    bind_group,
    local,
    register_officer,
    seed_year,
)

GOLDEN = Path(__file__).parent / "golden" / "reminders" / "quoc-khanh.txt"
HCM = dt.timezone(dt.timedelta(hours=7))


async def answer_one(rt: Runtime, unit_id: int) -> None:
    async with rt.begin() as conn:
        stored = await plan_store.latest_plan(conn, "nam-2025")
        assert stored is not None
        sub = await sub_store.open_submission(conn, unit_id, "nam-2025", stored.id, "quoc-khanh", rt.clock.now())
        first = stored.plan.questions("quoc-khanh")[0]
        await sub_store.save_answer(conn, sub, first.id, first.options[0].id, officer_id=None, now=rt.clock.now())


async def test_texts_around_national_day(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await bind_group(rt, ids["SNV"], "-100snv")
    await bind_group(rt, ids["TN"], "-100tn")
    snv = await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    await register_officer(rt, ids["STC"], "stc", "Trần Thị Bình", Channel.ZALO)
    await answer_one(rt, ids["SNV"])
    assert snv.user == "snv"
    eng = await register_officer(rt, ids["X-TANAN"], "tanan", "Lê Văn Cường")
    await eng.say("/ngonngu en")
    senders = {c: FakeSender(c, clock) for c in Channel}
    tick = ReminderTick(rt, senders)  # type: ignore[arg-type]
    day = dt.date(2025, 8, 20)
    while day <= dt.date(2025, 9, 8):
        clock.set(local(day.year, day.month, day.day, 8))
        await tick.run()
        day += dt.timedelta(days=1)
    out = sorted((s.at, str(channel), s.chat_id, s.text) for channel, sender in senders.items() for s in sender.sent)
    text = "\n".join(f"── {at.astimezone(HCM):%d/%m %H:%M} → {ch}:{chat}\n{body}\n" for at, ch, chat, body in out)
    if UPDATE:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
