"""The reminder plan of the next days for an admin's scope (the web page's
"reminder plan"): what the planner will queue, to whom, and which open units
it cannot reach and why — computed by the planner itself
(:func:`bot.domain.reminders.planner.compute` over the world it loads, and
the policy's slots), read-only: nothing is stored or sent.

Within the scope: the rows about a unit of the scope (officers, groups)
and the admin messages addressed to the viewer (unreachable notices,
escalations, digests), each dedupe key once, as the outbox would hold it. The unreached units are the open units of a round
that has a reminder slot in the window: no officer registered, every
officer's chat gone (with when and why it was marked), or an officer on the
Zalo OA who will be outside its reply window when the reminder is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.domain.reminders import policy as pol
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.planner import World, compute
from bot.services.reminders.planner import load_world
from bot.services.runtime import Connection, Runtime
from storage import reminder_targets as target_store
from storage import zalo_oa as oa_store
from storage.plans import StoredPlan

OA = "zalo_oa"


@dataclass(frozen=True)
class Planned:
    """One reminder the planner will queue."""

    due_at: dt.datetime
    kind: str  # before | due_today | overdue | escalation | group | digest | unreachable
    plan_code: str
    round_id: str
    unit_id: int | None
    recipient_kind: str  # officer | group | admin
    channel: str
    who: str
    units: int = 0  # an escalation: how many of the scope's units it lists
    outside_window: bool = False  # a Zalo OA officer who will not have written within the window


@dataclass(frozen=True)
class Unreached:
    """An open unit a round's reminders cannot reach, and why."""

    unit_id: int
    plan_code: str
    round_id: str
    why: str  # none | unreachable | outside_window
    officer: str = ""
    channel: str = ""
    since: dt.datetime | None = None  # marked unreachable at / last message to the OA
    reason: str | None = None


@dataclass
class Outlook:
    start: dt.date
    end: dt.date
    world: World[StoredPlan]
    planned: list[Planned] = field(default_factory=list)
    unreached: list[Unreached] = field(default_factory=list)

    def round_of(self, plan_code: str, round_id: str) -> tuple[StoredPlan, Any] | None:
        for stored in self.world.plans:
            if stored.code == plan_code:
                for rnd in stored.plan.dated_rounds:
                    if rnd.id == round_id:
                        return stored, rnd
        return None


async def outlook(rt: Runtime, conn: Connection, *, scope: set[int], viewer: tuple[str, str], days: int,
                  window: dt.timedelta) -> Outlook:
    """The plan of ``[today, today + days)`` over the units ``scope`` (ids,
    the subtree already expanded); ``viewer`` is the admin's (channel, user
    id); ``window`` how long after an officer's last message the Zalo OA may
    write to them."""
    tz, cal = rt.settings.tz, WorkCalendar.from_settings(rt.settings)
    now = rt.clock.now()
    start = now.astimezone(tz).date()
    end = start + dt.timedelta(days=max(days, 1) - 1)
    world = await load_world(conn)
    out = Outlook(start, end, world)
    mine = {a.chat_id for a in world.admins if (a.channel, a.user_id) == viewer}
    oa = {o.user_id: o for o in await oa_store.officers_outside(
        conn, dt.datetime.combine(end, dt.time.max, tz) - window)}
    seen: set[str] = set()
    for r in compute(world, cal, tz, start, end, rt.settings.locale):
        if r["dedupe_key"] in seen:  # an unreachable notice recurs each slot but is inserted once
            continue
        seen.add(r["dedupe_key"])
        if r["recipient_kind"] == "admin":
            if r["channel"] != viewer[0] or r["chat_id"] not in mine:
                continue
        elif r["unit_id"] not in scope:
            continue
        units = [u for u in r["payload"].get("units", []) if u in scope]
        closed = r["channel"] == OA and r["recipient_kind"] == "officer" and _closed(oa.get(r["chat_id"]),
                                                                                     r["due_at"], window)
        out.planned.append(Planned(r["due_at"], r["kind"], r["plan_code"], r["round_id"], r["unit_id"],
                                   r["recipient_kind"], r["channel"], str(r["payload"].get("who") or ""),
                                   len(units), closed))
    gone = await target_store.unreachable_identities(conn)
    for stored in world.plans:
        for rnd in stored.plan.dated_rounds:
            policy = stored.plan.policy(rnd.id)
            slots = pol.due_slots(rnd.due, policy, cal, status="open", start=start, end=end)
            if slots:
                first = pol.send_at(slots[0].day, policy, tz)
                for u in sorted(world.open_units(stored, rnd) & scope):
                    out.unreached += _why(world, stored.code, rnd.id, u, gone, oa, first, window)
    return out


def _closed(contact: oa_store.Outside | None, at: dt.datetime, window: dt.timedelta) -> bool:
    """Whether the Zalo OA will refuse to write to this follower at ``at``."""
    if contact is None:  # wrote recently enough to be open past the whole window
        return False
    last = contact.last_inbound_at
    return not contact.followed or contact.missed_at is not None or last is None or last + window < at


def _why(world: World[StoredPlan], plan_code: str, round_id: str, unit: int,
         gone: dict[tuple[str, str], tuple[dt.datetime, str | None]], oa: dict[str, oa_store.Outside],
         first: dt.datetime, window: dt.timedelta) -> list[Unreached]:
    officers = world.officers.get(unit, [])
    if not officers:
        return [Unreached(unit, plan_code, round_id, "none")]
    out = []
    for o in officers:
        if not o.reachable:
            since, reason = gone.get((o.channel, o.chat_id), (None, None))
            out.append(Unreached(unit, plan_code, round_id, "unreachable", o.full_name, o.channel, since, reason))
        elif o.channel == OA and _closed(oa.get(o.chat_id), first, window):
            contact = oa[o.chat_id]
            out.append(Unreached(unit, plan_code, round_id, "outside_window", o.full_name, o.channel,
                                 contact.last_inbound_at, None))
    return out
