"""Each tick plans the next days' reminders into the outbox.

The planner loads what it needs in a few queries (plans, units, officers,
admins, group bindings, submission statuses), asks :mod:`policy` which slots
fall in ``[today, today + horizon]``, and inserts one row per recipient with
a dedupe key ``plan/round/kind/day/recipient`` — planning the same day twice
adds nothing. Texts are rendered when a row is sent, so they are current.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.plan.model import Plan, ReminderPolicy, Round
from bot.domain.reminders import policy as pol
from bot.domain.reminders.calendar import WorkCalendar
from bot.services.runtime import Runtime
from storage import plans as plan_store
from storage import reminders as store
from storage import units as unit_store
from storage.plans import StoredPlan
from storage.reminders import AdminTarget, GroupTarget, OfficerTarget

HORIZON_DAYS = 2


@dataclass
class World:
    """What planning needs, loaded once per tick."""

    plans: list[StoredPlan]
    parents: dict[int, int | None] = field(default_factory=dict)
    officers: dict[int, list[OfficerTarget]] = field(default_factory=dict)
    admins: list[AdminTarget] = field(default_factory=list)
    groups: list[GroupTarget] = field(default_factory=list)
    statuses: dict[str, dict[tuple[str, int], str]] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)

    def ancestors(self, unit_id: int) -> list[int]:
        out: list[int] = []
        current: int | None = unit_id
        while current is not None and current in self.parents and len(out) < 50:
            out.append(current)
            current = self.parents[current]
        return out

    def applicable(self, plan: Plan) -> set[int]:
        roots = {r.lower() for r in plan.applies_to}
        if not roots:
            return set(self.parents)
        return {u for u in self.parents if any(self.codes[a].lower() in roots for a in self.ancestors(u))}

    def status(self, plan_code: str, round_id: str, unit_id: int) -> str:
        return self.statuses.get(plan_code, {}).get((round_id, unit_id), "not_started")

    def scoped_admins(self, unit_id: int) -> list[AdminTarget]:
        """One target per admin identity whose scope covers the unit."""
        up = set(self.ancestors(unit_id))
        seen: dict[tuple[str, str], AdminTarget] = {}
        for a in self.admins:
            if a.unit_id in up:
                seen.setdefault((a.channel, a.user_id), a)
        return list(seen.values())


async def load_world(conn: AsyncConnection, plans: list[StoredPlan] | None = None) -> World:
    world = World(plans=plans if plans is not None else await plan_store.latest_plans(conn))
    for u in await unit_store.list_units(conn):
        world.parents[u.id] = u.parent_id
        world.codes[u.id] = u.code
    world.parents = {u: (p if p in world.parents else None) for u, p in world.parents.items()}
    world.officers = await store.officer_targets(conn)
    world.admins = await store.admin_targets(conn)
    world.groups = await store.group_targets(conn)
    for stored in world.plans:
        world.statuses[stored.code] = await store.round_statuses(conn, stored.code)
    return world


def _row(
    key: str, at: dt.datetime, kind: str, stored: StoredPlan, rnd: Round, recipient_kind: str,
    channel: str, chat_id: str, *, unit_id: int | None, officer_id: int | None = None,
    **payload: Any,
) -> dict[str, Any]:
    return {
        "dedupe_key": key[:300], "due_at": at, "kind": kind, "unit_id": unit_id,
        "plan_code": stored.code, "round_id": rnd.id, "recipient_kind": recipient_kind,
        "channel": channel, "chat_id": chat_id, "officer_id": officer_id,
        "payload": {"deadline": rnd.deadline.isoformat(), **payload},
    }


def slots_in(plans: Iterable[StoredPlan], cal: WorkCalendar, start: dt.date, end: dt.date) -> bool:
    """Whether any round has a slot or digest day in the window (cheap pre-check)."""
    for stored in plans:
        for rnd in stored.plan.rounds:
            policy = stored.plan.policy(rnd.id)
            if any(start <= s.day <= end for s in pol.schedule(rnd.deadline, policy, cal)):
                return True
            if any(start <= d <= end for d in pol.digest_days(rnd.deadline, policy, cal)):
                return True
    return False


def compute(world: World, cal: WorkCalendar, tz: zoneinfo.ZoneInfo, start: dt.date, end: dt.date,
            default_lang: str = "vi") -> list[dict[str, Any]]:
    """Every outbox row due in ``[start, end]`` (local dates)."""
    rows: list[dict[str, Any]] = []
    digests: dict[tuple[dt.date, str, str], dict[str, Any]] = {}
    for stored in world.plans:
        units = world.applicable(stored.plan)
        for rnd in stored.plan.rounds:
            policy = stored.plan.policy(rnd.id)
            open_units = {u for u in units if world.status(stored.code, rnd.id, u) not in pol.LOCKED}
            # The deadline is in the key: if a new plan version moves it, the old
            # rows are cancelled at send time and the new ones must not collide.
            base = f"{stored.code}/{rnd.id}@{rnd.deadline:%Y%m%d}"
            slots = pol.due_slots(rnd.deadline, policy, cal, status="open", start=start, end=end)
            for slot in slots:
                if slot.kind == "escalation":
                    rows.extend(_escalations(world, stored, rnd, policy, slot, open_units, tz, base, default_lang))
                    continue
                for unit_id in sorted(open_units):
                    rows.extend(_unit_rows(world, stored, rnd, policy, slot, unit_id, tz, base, default_lang))
            rows.extend(_group_rows(world, stored, rnd, policy, units, open_units, cal, tz, start, end, base))
            for day in pol.digest_days(rnd.deadline, policy, cal):
                if start <= day <= end:
                    _add_digest(digests, world, stored, rnd, policy, open_units, day, tz, default_lang)
    rows.extend(digests.values())
    return sorted(rows, key=lambda r: (r["due_at"], r["dedupe_key"]))


def _unit_rows(
    world: World, stored: StoredPlan, rnd: Round, policy: ReminderPolicy, slot: pol.Slot,
    unit_id: int, tz: zoneinfo.ZoneInfo, base: str, default_lang: str,
) -> list[dict[str, Any]]:
    at = pol.send_at(slot.day, policy, tz)
    rows = []
    for o in world.officers.get(unit_id, []):
        if o.reachable:
            key = f"{base}/{slot.kind}/{slot.day}/u{unit_id}/officer{o.officer_id}"
            rows.append(_row(key, at, slot.kind, stored, rnd, "officer", o.channel, o.chat_id,
                             unit_id=unit_id, officer_id=o.officer_id, lang=o.locale, who=o.full_name))
            continue
        # Skipped, and reported to the admins once per round.
        for a in world.scoped_admins(unit_id):
            key = f"{base}/unreachable/u{unit_id}/officer{o.officer_id}/admin:{a.channel}:{a.user_id}"
            rows.append(_row(key, at, "unreachable", stored, rnd, "admin", a.channel, a.chat_id,
                             unit_id=unit_id, officer_id=o.officer_id, lang=a.locale or default_lang,
                             officer=o.full_name, via=o.channel))
    return rows


def _escalations(
    world: World, stored: StoredPlan, rnd: Round, policy: ReminderPolicy, slot: pol.Slot,
    open_units: set[int], tz: zoneinfo.ZoneInfo, base: str, default_lang: str,
) -> list[dict[str, Any]]:
    """One message per admin listing every unit of their scope still open after
    the overdue reminder (not one per unit: a province admin has hundreds)."""
    by_admin: dict[tuple[str, str], tuple[AdminTarget, list[int]]] = {}
    for unit_id in sorted(open_units):
        for a in world.scoped_admins(unit_id):
            by_admin.setdefault((a.channel, a.user_id), (a, []))[1].append(unit_id)
    at = pol.send_at(slot.day, policy, tz)
    return [
        _row(f"{base}/escalation/{slot.day}/admin:{a.channel}:{a.user_id}", at, "escalation", stored, rnd,
             "admin", a.channel, a.chat_id, unit_id=None, lang=a.locale or default_lang, units=units,
             who=a.name)
        for a, units in by_admin.values()
    ]


def _group_rows(
    world: World, stored: StoredPlan, rnd: Round, policy: ReminderPolicy, units: set[int],
    open_units: set[int], cal: WorkCalendar, tz: zoneinfo.ZoneInfo, start: dt.date, end: dt.date,
    base: str,
) -> list[dict[str, Any]]:
    rows = []
    for g in world.groups:
        covered = {u for u in units if g.unit_id in world.ancestors(u)}
        if not covered & open_units:
            continue
        mode = "unit" if covered == {g.unit_id} else "rollup"
        for slot in pol.due_slots(rnd.deadline, policy, cal, status="open", start=start, end=end):
            if slot.kind == "escalation":
                continue
            key = f"{base}/group/{slot.day}/u{g.unit_id}/{g.channel}:{g.chat_id}"
            rows.append(_row(key, pol.send_at(slot.day, policy, tz), "group", stored, rnd, "group",
                             g.channel, g.chat_id, unit_id=g.unit_id, mode=mode, lang="vi", who=g.title))
    return rows


def _add_digest(
    digests: dict[tuple[dt.date, str, str], dict[str, Any]], world: World, stored: StoredPlan,
    rnd: Round, policy: ReminderPolicy, open_units: set[int], day: dt.date,
    tz: zoneinfo.ZoneInfo, default_lang: str,
) -> None:
    scopes: dict[tuple[str, str], list[AdminTarget]] = {}
    for a in world.admins:
        scopes.setdefault((a.channel, a.user_id), []).append(a)
    for (channel, user_id), targets in scopes.items():
        roots = {a.unit_id for a in targets}
        if not any(roots & set(world.ancestors(u)) for u in open_units):
            continue
        key = (day, channel, user_id)
        if key not in digests:
            first = targets[0]
            digests[key] = {
                "dedupe_key": f"digest/{day}/admin:{channel}:{user_id}"[:300],
                "due_at": pol.send_at(day, policy, tz), "kind": "digest", "unit_id": None,
                "plan_code": "*", "round_id": "*", "recipient_kind": "admin",
                "channel": channel, "chat_id": first.chat_id, "officer_id": None,
                "payload": {"lang": first.locale or default_lang, "scope": sorted(roots), "rounds": [],
                            "who": first.name},
            }
        digests[key]["payload"]["rounds"].append([stored.code, rnd.id])


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
            rows = compute(world, self.cal, tz, today, today + self.horizon, self.rt.settings.locale)
            return await store.insert_absent(conn, rows, now)
