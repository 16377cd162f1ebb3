"""Planning a long horizon a window of days at a time (#16: a year for
10,000 units must not be held in memory at once) stores exactly what one
pass over the whole horizon does — the same rows, in the same order (so the
same ids), digests, group roll-calls, escalations and the per-round notice
about an unreachable officer included."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from bot.services.reminders import planner as planner_module
from bot.services.reminders.planner import Planner, compute, load_world
from bot.services.runtime import Runtime
from storage import officers as officer_store
from storage import reminders as store
from storage.schema import reminders
from tests.support.reminders import add_admin, bind_group, outbox, register_officer, seed_year

COLUMNS = ("dedupe_key", "due_at", "kind", "unit_id", "plan_code", "round_id", "recipient_kind", "channel",
           "chat_id", "officer_id", "payload")


async def _world(rt: Runtime) -> None:
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await bind_group(rt, ids["SNV"], "-100snv")
    for code, user in (("SNV", "snv"), ("STC", "stc"), ("X-TANAN", "tanan")):
        await register_officer(rt, ids[code], user, "Nguyễn Văn An")
    async with rt.begin() as conn:  # one officer blocked the bot: the admins hear of it once a round
        await officer_store.mark_unreachable(conn, "console", "stc", "blocked", rt.clock.now())


def _rows(stored: list[Any]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(r, c) for c in COLUMNS) for r in stored]


async def test_windows_store_what_one_pass_stores(rt: Runtime) -> None:
    await _world(rt)
    horizon = 300
    assert planner_module.WINDOW_DAYS < horizon // 4  # several windows, some days with nothing
    tz = rt.settings.tz
    now = rt.clock.now()
    today = now.astimezone(tz).date()
    async with rt.begin() as conn:  # one pass over the whole horizon, as before
        world = await load_world(conn)
        whole = compute(world, Planner(rt).cal, tz, today, today + dt.timedelta(days=horizon), rt.settings.locale)
        once = await store.insert_absent(conn, whole, now)
        expected = _rows(list(await conn.execute(sa.select(reminders).order_by(reminders.c.id))))
        await conn.execute(reminders.delete())
    kinds = {r[2] for r in expected}
    assert {"digest", "group", "escalation", "unreachable"} <= kinds and once == len(expected)
    planner = Planner(rt, horizon_days=horizon)
    assert await planner.tick() == once
    assert _rows(await outbox(rt)) == expected
    assert await planner.tick() == 0
