"""An admin's reminders by hand: ``/remind`` (``/nhac``) queues the round's
reminder now for the officers of every open unit in scope — never twice to a
unit within the cool-down — and ``/remind_text`` (``/nhac_nhom``) words the
roll-call for the admin to forward into a group."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from bot.core.text import small_number
from bot.domain.entities import StoredPlan
from bot.domain.plan.model import Round
from bot.domain.reminders import keys
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.status import DONE
from bot.domain.units import minimal_roots
from bot.services.progress import round_status
from bot.services.reminders.content import Moment, ReminderContent, ReminderTexts
from bot.services.reminders.planner import World, load_world
from bot.services.runtime import Connection
from storage import audit
from storage import reminders as store

COOLDOWN = dt.timedelta(hours=12)

__all__ = ["COOLDOWN", "World", "find_round", "load_world", "plan", "queue", "roll_calls", "rounds"]


def rounds(world: World) -> list[tuple[StoredPlan, Round]]:
    """Every round of the newest plans, by deadline."""
    return sorted(((s, r) for s in world.plans for r in s.plan.dated_rounds), key=lambda x: (x[1].due, x[0].code))


def find_round(world: World, arg: str, today: dt.date) -> tuple[StoredPlan, Round] | None:
    """The round named (by number in :func:`rounds` or id); without a name the
    nearest deadline still ahead, else the latest one passed."""
    listed = rounds(world)
    if not arg:
        ahead = [x for x in listed if x[1].due >= today]
        return ahead[0] if ahead else (listed[-1] if listed else None)
    n = small_number(arg)
    if n is not None and 1 <= n <= len(listed):
        return listed[n - 1]
    return next((x for x in listed if x[1].id == arg.lower()), None)


def _open_units(world: World, stored: StoredPlan, rnd: Round, scope: set[int]) -> list[int]:
    return sorted(u for u in world.open_units(stored, rnd) if scope & set(world.ancestors(u)))


async def plan(
    conn: Connection, world: World, stored: StoredPlan, rnd: Round, scope: set[int], now: dt.datetime
) -> dict[str, Any]:
    """Who would get the manual reminder now (``people``: unit, officer id,
    channel, chat, language, name), how many units are in cool-down and which
    open units it cannot reach (``unreached``); kept in the session until the
    admin confirms."""
    recent = await store.recent_manual_units(conn, stored.code, rnd.id, now - COOLDOWN)
    units = _open_units(world, stored, rnd, scope)
    people = [[u, o.officer_id, o.channel, o.chat_id, o.locale, o.full_name]
              for u in units if u not in recent for o in world.officers.get(u, []) if o.reachable]
    return {"plan": stored.code, "round": rnd.id, "people": people,
            "cooling": len([u for u in units if u in recent]),
            "unreached": _unreached(world, [u for u in units if u not in recent])}


def _unreached(world: World, units: list[int]) -> list[list[str]]:
    """The open units the reminder cannot reach, as ``[name, why]``: ``none``
    (no registered officer) or ``unreachable`` (every officer's chat is gone),
    so the admin knows whom to call instead."""
    out = []
    for u in units:
        officers = world.officers.get(u, [])
        if not any(o.reachable for o in officers):
            out.append([world.tree[u].name, "unreachable" if officers else "none"])
    return sorted(out)


async def queue(conn: Connection, planned: dict[str, Any], *, actor: str, now: dt.datetime) -> int:
    """Queue the confirmed reminders; returns how many rows were added. The
    cool-down is checked again: another admin may have just sent it."""
    recent = await store.recent_manual_units(conn, planned["plan"], planned["round"], now - COOLDOWN)
    rows = [
        {"dedupe_key": keys.manual(planned["plan"], planned["round"], now, unit, oid),
         "due_at": now, "kind": "manual", "unit_id": unit, "plan_code": planned["plan"],
         "round_id": planned["round"], "recipient_kind": "officer", "channel": channel, "chat_id": chat,
         "officer_id": oid, "payload": {"lang": lang, "who": name, "by": actor}}
        for unit, oid, channel, chat, lang, name in planned.get("people", []) if unit not in recent
    ]
    added = await store.insert_absent(conn, rows, now)
    if added:  # who reminded whom, as every admin act (chat /nhac and the web page alike)
        await audit.record(conn, actor=actor, action="remind", entity="round",
                           entity_id=f"{planned['plan']}/{planned['round']}",
                           after={"queued": added, "units": sorted({r["unit_id"] for r in rows})}, now=now)
    return added


async def roll_calls(
    conn: Connection, world: World, stored: StoredPlan, rnd: Round, scope: set[int], *,
    texts: ReminderTexts, cal: WorkCalendar, tz: zoneinfo.ZoneInfo, today: dt.date, lang: str,
) -> list[str]:
    """One text per scope root that still has open units: a lone unit's group
    reminder, or the roll-call of the units under the root. ``scope`` is the
    roots as granted; a root inside another's subtree is already in that
    roll-call, so only the reduced roots are worded."""
    content = ReminderContent(cal, tz, texts)
    at = Moment(today, lang, cal)
    out = []
    applicable = world.reporting(stored.plan, rnd.id)
    for root in sorted(minimal_roots(world.tree, sorted(scope))):
        covered = {u for u in applicable if root in world.ancestors(u)}
        if covered == {root}:
            st = await round_status(conn, root, stored, rnd.id)
            if st.status in DONE:
                continue
            out.append(await content.unit_text(conn, "group", st, root, at))
        else:
            rolled = await content.rollup(conn, stored, rnd, root, at)
            if not isinstance(rolled, str):
                out.append(rolled.text)
    return out
