"""The console demo's world: a fresh database with the province plan, a small
unit tree, a console admin and one invite code per unit.

The plan is rolled to this year, then its deadlines are moved around today so
that a newcomer meets every state at once: the first round is overdue (today
is its first overdue reminder), the second is due soon (today is its
reminder), the others are upcoming. Reminders go out at the minute the demo
started, and today counts as a working day, so the console demo's reminder
dispatcher shows one as soon as an officer has registered.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path

from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan, load_plan_data, rollover
from bot.domain.plan.model import Plan
from bot.domain.reminders.calendar import WorkCalendar
from bot.services.runtime import Runtime
from plans import bundled_path
from storage import admins as admin_store
from storage import invites as invite_store
from storage import plans as plan_store
from storage import units as unit_store

DEMO_DB = Path("data/demo.sqlite3")
DEMO_PLAN = bundled_path("tay-ninh-2025")
DEMO_UNITS = [
    ("TN", "UBND tỉnh Tây Ninh", None, "tinh"),
    ("SNV", "Sở Nội vụ", "TN", "so"),
    ("STC", "Sở Tài chính", "TN", "so"),
    ("SYT", "Sở Y tế", "TN", "so"),
    ("X-TANAN", "UBND phường Tân An", "TN", "xa"),
    ("X-HOATHANH", "UBND xã Hòa Thành", "TN", "xa"),
]
ADMIN_USER = "admin"  # the console user id of the demo admin
UPCOMING_WEEKS = 3  # the first upcoming round is due this many weeks from today, the next two later, …
TICK_SECONDS = 15  # the demo's reminder tick at most, so a reminder shows soon after registering


def demo_settings(settings: Settings, db: Path, today: dt.date) -> Settings:
    """The settings on a fresh ``db`` (any old file removed), with today a
    working day and office hours off (the demo's reminders go out today,
    whatever the day and the hour) and a short reminder tick."""
    if db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    working = [*settings.extra_working_days, today.isoformat()]
    return settings.model_copy(update={
        "database_url": f"sqlite+aiosqlite:///{db}",
        "extra_working_days": working,
        "reminder_office_hours": False,
        "reminder_tick_seconds": min(settings.reminder_tick_seconds, TICK_SECONDS),
    })


def demo_deadlines(count: int, today: dt.date, cal: WorkCalendar, *, every: int, soon: int) -> list[dt.date]:
    """``count`` deadlines in order: overdue so that ``today`` is the first
    overdue reminder (``every`` working days after it), due in ``soon`` days,
    then upcoming, two weeks apart."""
    overdue = today
    for _ in range(every):
        overdue = cal.previous_working_day(overdue - dt.timedelta(days=1))
    out = [overdue, today + dt.timedelta(days=soon)]
    out += [today + dt.timedelta(weeks=UPCOMING_WEEKS + 2 * i) for i in range(count - 2)]
    return out[:count]


def demo_plan(plan: Plan, now: dt.datetime, cal: WorkCalendar) -> Plan:
    """``plan`` (rolled to ``now``'s year) with its rounds' deadlines around
    today (:func:`demo_deadlines`, in the plan's round order) and its reminders
    at ``now``'s minute. ``now`` is local time."""
    if plan.year != now.year:
        plan = rollover(plan, now.year)
    data = plan.to_data()
    policy = dict(data.get("reminders") or {})
    soon = min((d for d in policy.get("before_days", [1]) if d > 0), default=1)
    every = int(policy.get("overdue_every_working_days", 2))
    policy["at"] = now.strftime("%H:%M")
    data["reminders"] = policy
    rounds = sorted(data["rounds"], key=lambda r: r["deadline"])
    for rnd, deadline in zip(rounds, demo_deadlines(len(rounds), now.date(), cal, every=every, soon=soon),
                             strict=True):
        rnd["deadline"] = deadline.isoformat()
        rnd["deadline_kind"] = "by"  # the demo's date is the last day itself
        rnd.pop("deadline_text", None)  # the document's wording names the real date
        rnd.pop("reminders", None)  # the plan-wide policy, at the demo's minute
    return load_plan_data(data, f"demo of {plan.code}")


async def build_demo(settings: Settings) -> list[tuple[str, str, str]]:
    """Fill the (fresh) database: the demo plan, the units, the console
    admin on the province, one invite code per other unit — ``(unit code,
    unit name, invite code)``."""
    rt = await Runtime.open(settings)
    try:
        now = rt.clock.now()
        plan = demo_plan(load_plan(DEMO_PLAN), now.astimezone(settings.tz), WorkCalendar.from_settings(settings))
        codes = []
        async with rt.begin() as conn:
            await plan_store.store_plan(conn, plan, now=now, source=str(DEMO_PLAN), loaded_by="demo")
            for code, name, parent, level in DEMO_UNITS:
                unit = await unit_store.add_unit(conn, code, name, now=now, parent_code=parent, level=level)
                if parent is None:
                    await admin_store.add_admin(conn, "console", ADMIN_USER, unit.id, now=now,
                                                name="Quản trị demo", created_by="demo")
                    continue
                [invite] = await invite_store.create_invites(conn, unit.id, count=1, days=30, now=now, created_by="demo")
                codes.append((code, name, invite))
        return codes
    finally:
        await rt.close()


def dvbot_command() -> list[str]:
    """How to start this very ``dvbot`` again from any directory: the
    ``dvbot`` script that is running, else ``python -m bot``."""
    script = Path(sys.argv[0])
    if script.name == "dvbot" and script.is_file():
        return [str(script.resolve())]
    return [sys.executable, "-m", "bot"]


def admin_command(db: Path) -> str:
    """The exact shell command to chat as the demo admin on ``db``."""
    return shlex.join([*dvbot_command(), "--db", str(db.resolve()), "chat", "--user", ADMIN_USER])


def database_url(db: Path) -> str:
    return f"sqlite+aiosqlite:///{db.resolve()}"
