"""A whole plan year travelled with the fake clock: the exact reminders sent
(day, time, kind, recipient, round) for a unit tree, across Tết, 30/4–1/5,
a Sunday deadline before 2/9, and a November round with its own policy."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from bot.shell.scheduler import ReminderTick
from storage import submissions as sub_store
from storage.schema import reminders
from tests.support.reminders import (
    FakeSender,
    add_admin,
    bind_group,
    local,
    register_officer,
    seed_year,
)

HCM = dt.timezone(dt.timedelta(hours=7))


async def submit(rt: Runtime, unit_id: int, round_id: str) -> None:
    async with rt.begin() as conn:
        sub = await sub_store.open_submission(conn, unit_id, "nam-2025", 1, round_id, rt.clock.now())
        await sub_store.set_status(conn, sub.id, "submitted", now=rt.clock.now())


async def sent_rows(rt: Runtime) -> list[str]:
    async with rt.begin() as conn:
        rows = await conn.execute(sa.select(reminders).where(reminders.c.status == "sent")
                                  .order_by(reminders.c.sent_at, reminders.c.id))
        return [f"{r.sent_at.astimezone(HCM):%a %d/%m %H:%M} {r.round_id:<10} {r.kind:<11} "
                f"{r.recipient_kind}:{r.channel}:{r.chat_id}" for r in rows]


async def test_a_whole_year(rt: Runtime, clock: FakeClock) -> None:
    clock.set(local(2025, 1, 2, 9))
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await bind_group(rt, ids["SNV"], "-100snv")
    await bind_group(rt, ids["TN"], "-100tn")
    await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
    await register_officer(rt, ids["STC"], "stc", "Trần Thị Bình", Channel.ZALO)
    await register_officer(rt, ids["X-TANAN"], "tanan", "Lê Văn Cường")
    await submit(rt, ids["X-TANAN"], "sau-tet")
    senders = {c: FakeSender(c, clock) for c in Channel}
    tick = ReminderTick(rt, senders)  # type: ignore[arg-type]
    events = {
        (dt.date(2025, 4, 28), 10): (ids["X-TANAN"], "6-thang"),
        (dt.date(2025, 8, 28), 10): (ids["STC"], "quoc-khanh"),
    }
    day = dt.date(2025, 1, 2)
    while day <= dt.date(2025, 12, 31):
        for hour in (0, 8, 10, 14):
            clock.set(local(day.year, day.month, day.day, hour))
            if (day, hour) in events:
                await submit(rt, *events[(day, hour)])
            await tick.run()
        day += dt.timedelta(days=1)
    got = await sent_rows(rt)
    assert got == EXPECTED
    total = sum(len(s.sent) for s in senders.values())
    assert total == len(EXPECTED)  # each reminder reached its channel exactly once


EXPECTED = [
    'Fri 24/01 08:00 sau-tet    before      officer:console:snv',
    'Fri 24/01 08:00 sau-tet    before      officer:zalo:stc',
    'Fri 24/01 08:00 sau-tet    group       group:telegram:-100tn',
    'Fri 24/01 08:00 sau-tet    group       group:telegram:-100snv',
    'Mon 03/02 08:00 sau-tet    due_today   officer:console:snv',
    'Mon 03/02 08:00 sau-tet    due_today   officer:zalo:stc',
    'Mon 03/02 08:00 sau-tet    group       group:telegram:-100tn',
    'Mon 03/02 08:00 sau-tet    group       group:telegram:-100snv',
    'Wed 05/02 08:00 sau-tet    escalation  admin:console:admin',
    'Wed 05/02 08:00 sau-tet    group       group:telegram:-100tn',
    'Wed 05/02 08:00 sau-tet    group       group:telegram:-100snv',
    'Wed 05/02 08:00 sau-tet    overdue     officer:console:snv',
    'Wed 05/02 08:00 sau-tet    overdue     officer:zalo:stc',
    'Thu 06/02 08:00 *          digest      admin:console:admin',
    'Fri 07/02 08:00 *          digest      admin:console:admin',
    'Fri 07/02 08:00 sau-tet    group       group:telegram:-100tn',
    'Fri 07/02 08:00 sau-tet    group       group:telegram:-100snv',
    'Fri 07/02 08:00 sau-tet    overdue     officer:console:snv',
    'Fri 07/02 08:00 sau-tet    overdue     officer:zalo:stc',
    'Mon 10/02 08:00 *          digest      admin:console:admin',
    'Tue 11/02 08:00 *          digest      admin:console:admin',
    'Tue 11/02 08:00 sau-tet    group       group:telegram:-100tn',
    'Tue 11/02 08:00 sau-tet    group       group:telegram:-100snv',
    'Tue 11/02 08:00 sau-tet    overdue     officer:console:snv',
    'Tue 11/02 08:00 sau-tet    overdue     officer:zalo:stc',
    'Mon 28/04 08:00 6-thang    before      officer:console:snv',
    'Mon 28/04 08:00 6-thang    before      officer:zalo:stc',
    'Mon 28/04 08:00 6-thang    before      officer:console:tanan',
    'Mon 28/04 08:00 6-thang    group       group:telegram:-100tn',
    'Mon 28/04 08:00 6-thang    group       group:telegram:-100snv',
    'Tue 29/04 08:00 6-thang    before      officer:console:snv',
    'Tue 29/04 08:00 6-thang    before      officer:zalo:stc',
    'Tue 29/04 08:00 6-thang    group       group:telegram:-100tn',
    'Tue 29/04 08:00 6-thang    group       group:telegram:-100snv',
    'Mon 05/05 08:00 6-thang    due_today   officer:console:snv',
    'Mon 05/05 08:00 6-thang    due_today   officer:zalo:stc',
    'Mon 05/05 08:00 6-thang    group       group:telegram:-100tn',
    'Mon 05/05 08:00 6-thang    group       group:telegram:-100snv',
    'Wed 07/05 08:00 6-thang    escalation  admin:console:admin',
    'Wed 07/05 08:00 6-thang    group       group:telegram:-100tn',
    'Wed 07/05 08:00 6-thang    group       group:telegram:-100snv',
    'Wed 07/05 08:00 6-thang    overdue     officer:console:snv',
    'Wed 07/05 08:00 6-thang    overdue     officer:zalo:stc',
    'Thu 08/05 08:00 *          digest      admin:console:admin',
    'Fri 09/05 08:00 *          digest      admin:console:admin',
    'Fri 09/05 08:00 6-thang    group       group:telegram:-100tn',
    'Fri 09/05 08:00 6-thang    group       group:telegram:-100snv',
    'Fri 09/05 08:00 6-thang    overdue     officer:console:snv',
    'Fri 09/05 08:00 6-thang    overdue     officer:zalo:stc',
    'Mon 12/05 08:00 *          digest      admin:console:admin',
    'Tue 13/05 08:00 *          digest      admin:console:admin',
    'Tue 13/05 08:00 6-thang    group       group:telegram:-100tn',
    'Tue 13/05 08:00 6-thang    group       group:telegram:-100snv',
    'Tue 13/05 08:00 6-thang    overdue     officer:console:snv',
    'Tue 13/05 08:00 6-thang    overdue     officer:zalo:stc',
    'Fri 22/08 08:00 quoc-khanh before      officer:console:snv',
    'Fri 22/08 08:00 quoc-khanh before      officer:zalo:stc',
    'Fri 22/08 08:00 quoc-khanh before      officer:console:tanan',
    'Fri 22/08 08:00 quoc-khanh group       group:telegram:-100tn',
    'Fri 22/08 08:00 quoc-khanh group       group:telegram:-100snv',
    'Thu 28/08 08:00 quoc-khanh before      officer:console:snv',
    'Thu 28/08 08:00 quoc-khanh before      officer:zalo:stc',
    'Thu 28/08 08:00 quoc-khanh before      officer:console:tanan',
    'Thu 28/08 08:00 quoc-khanh group       group:telegram:-100tn',
    'Thu 28/08 08:00 quoc-khanh group       group:telegram:-100snv',
    'Fri 29/08 08:00 quoc-khanh before      officer:console:snv',
    'Fri 29/08 08:00 quoc-khanh before      officer:console:tanan',
    'Fri 29/08 08:00 quoc-khanh group       group:telegram:-100tn',
    'Fri 29/08 08:00 quoc-khanh group       group:telegram:-100snv',
    'Fri 05/09 08:00 quoc-khanh escalation  admin:console:admin',
    'Fri 05/09 08:00 quoc-khanh group       group:telegram:-100tn',
    'Fri 05/09 08:00 quoc-khanh group       group:telegram:-100snv',
    'Fri 05/09 08:00 quoc-khanh overdue     officer:console:snv',
    'Fri 05/09 08:00 quoc-khanh overdue     officer:console:tanan',
    'Mon 08/09 08:00 *          digest      admin:console:admin',
    'Tue 09/09 08:00 *          digest      admin:console:admin',
    'Tue 09/09 08:00 quoc-khanh group       group:telegram:-100tn',
    'Tue 09/09 08:00 quoc-khanh group       group:telegram:-100snv',
    'Tue 09/09 08:00 quoc-khanh overdue     officer:console:snv',
    'Tue 09/09 08:00 quoc-khanh overdue     officer:console:tanan',
    'Wed 10/09 08:00 *          digest      admin:console:admin',
    'Thu 11/09 08:00 *          digest      admin:console:admin',
    'Thu 11/09 08:00 quoc-khanh group       group:telegram:-100tn',
    'Thu 11/09 08:00 quoc-khanh group       group:telegram:-100snv',
    'Thu 11/09 08:00 quoc-khanh overdue     officer:console:snv',
    'Thu 11/09 08:00 quoc-khanh overdue     officer:console:tanan',
    'Wed 12/11 14:00 ca-nam     before      officer:console:snv',
    'Wed 12/11 14:00 ca-nam     before      officer:zalo:stc',
    'Wed 12/11 14:00 ca-nam     before      officer:console:tanan',
    'Wed 12/11 14:00 ca-nam     group       group:telegram:-100tn',
    'Wed 12/11 14:00 ca-nam     group       group:telegram:-100snv',
    'Fri 14/11 14:00 ca-nam     before      officer:console:snv',
    'Fri 14/11 14:00 ca-nam     before      officer:zalo:stc',
    'Fri 14/11 14:00 ca-nam     before      officer:console:tanan',
    'Fri 14/11 14:00 ca-nam     group       group:telegram:-100tn',
    'Fri 14/11 14:00 ca-nam     group       group:telegram:-100snv',
    'Wed 19/11 14:00 ca-nam     group       group:telegram:-100tn',
    'Wed 19/11 14:00 ca-nam     group       group:telegram:-100snv',
    'Wed 19/11 14:00 ca-nam     overdue     officer:console:snv',
    'Wed 19/11 14:00 ca-nam     overdue     officer:zalo:stc',
    'Wed 19/11 14:00 ca-nam     overdue     officer:console:tanan',
]
