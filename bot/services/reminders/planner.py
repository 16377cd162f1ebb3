"""Each tick plans the next days' reminders into the outbox.

The planner loads what it needs in a few queries (plans, units, officers,
admins, group bindings, submission statuses), asks the pure
:mod:`bot.domain.reminders.planner` which rows fall in
``[today, today + horizon]`` and inserts those whose dedupe key
(:mod:`bot.domain.reminders.keys`) is absent — planning the same day twice
adds nothing. Texts are rendered when a row is sent, so they are current.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.planner import World, compute, slots_in
from bot.services.admin_data import unit_tree
from bot.services.runtime import Runtime
from storage import plans as plan_store
from storage import reminders as store
from storage.plans import StoredPlan

__all__ = ["HORIZON_DAYS", "Planner", "World", "compute", "load_world", "slots_in"]

HORIZON_DAYS = 2
# Days planned and inserted at once. The rows of a day depend on that day
# only (its slots, its digests; a per-round key such as the unreachable
# notice goes to its earliest day, as the unique key keeps the first), so
# windows in order insert what one pass over the horizon would, in the same
# order — without building a year of rows (10,000 units: hundreds of MB).
WINDOW_DAYS = 7


async def load_world(conn: AsyncConnection, plans: list[StoredPlan] | None = None) -> World[StoredPlan]:
    world = World(plans=plans if plans is not None else await plan_store.latest_plans(conn))
    world.tree = await unit_tree(conn)
    world.officers = await store.officer_targets(conn)
    world.admins = await store.admin_targets(conn)
    world.groups = await store.group_targets(conn)
    for stored in world.plans:
        world.statuses[stored.code] = await store.round_statuses(conn, stored.code)
    return world


class Planner:
    def __init__(self, rt: Runtime, cal: WorkCalendar | None = None, horizon_days: int = HORIZON_DAYS) -> None:
        self.rt = rt
        self.cal = cal or WorkCalendar.from_settings(rt.settings)
        self.horizon = dt.timedelta(days=horizon_days)

    async def tick(self) -> int:
        """Plan today and the next ``horizon_days``; returns rows added."""
        tz = self.rt.settings.tz
        now = self.rt.clock.now()
        today = now.astimezone(tz).date()
        async with self.rt.begin() as conn:
            plans = await plan_store.latest_plans(conn)
            if not slots_in(plans, self.cal, today, today + self.horizon):
                return 0
            world = await load_world(conn, plans)
            added, start, end = 0, today, today + self.horizon
            while start <= end:  # a window of days at a time: a year ahead is never held in memory at once
                upto = min(start + dt.timedelta(days=WINDOW_DAYS - 1), end)
                if slots_in(plans, self.cal, start, upto):
                    rows = compute(world, self.cal, tz, start, upto, self.rt.settings.locale)
                    added += await store.insert_absent(conn, rows, now)
                start = upto + dt.timedelta(days=1)
            return added
