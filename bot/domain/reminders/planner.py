"""Which outbox rows to plan, given what was loaded: pure, no storage, no clock.

For each plan and round, the units that report on the plan
(:func:`bot.domain.units.reports_on`, active units only) and have not
submitted are *open*. :mod:`policy` says which slots fall in the window;
each slot gives one row per recipient — the unit's reachable officers (an
unreachable one is reported to the unit's admins instead, once per round),
the admins for an escalation (one message listing all their open units),
the bound group chats (a roll-call), and one digest per admin and day. Every
row carries its dedupe key from :mod:`keys`, so planning twice adds nothing.
The loading and inserting is :mod:`bot.services.reminders.planner`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, Protocol, TypeVar

from bot.domain.plan.model import Plan, ReminderPolicy, Round
from bot.domain.reminders import keys
from bot.domain.reminders import policy as pol
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.targets import AdminTarget, GroupTarget, OfficerTarget, covering
from bot.domain.status import DONE, SubmissionStatus
from bot.domain.units import UnitInfo, ancestors, reports_on


class PlanLike(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def plan(self) -> Plan: ...


P = TypeVar("P", bound=PlanLike)


@dataclass
class World(Generic[P]):
    """What planning needs, loaded once per tick."""

    plans: list[P]
    tree: dict[int, UnitInfo] = field(default_factory=dict)  # every unit, retired ones included
    officers: dict[int, list[OfficerTarget]] = field(default_factory=dict)
    admins: list[AdminTarget] = field(default_factory=list)
    groups: list[GroupTarget] = field(default_factory=list)
    statuses: dict[str, dict[tuple[str, int], str]] = field(default_factory=dict)

    def ancestors(self, unit_id: int) -> list[int]:
        return ancestors(self.tree, unit_id)

    def reporting(self, plan: Plan, round_id: str | None = None) -> set[int]:
        """The active units that report on the round (``None``: on any round of
        ``plan``): the one rule, in bot.domain.units."""
        return {u for u in self.tree if reports_on(self.tree, u, plan, round_id)}

    def status(self, plan_code: str, round_id: str, unit_id: int) -> str:
        return self.statuses.get(plan_code, {}).get((round_id, unit_id), SubmissionStatus.NOT_STARTED.value)

    def open_units(self, stored: P, rnd: Round) -> set[int]:
        """The reporting units that have not submitted the round."""
        return {u for u in self.reporting(stored.plan, rnd.id) if self.status(stored.code, rnd.id, u) not in DONE}

    def scoped_admins(self, unit_id: int) -> list[AdminTarget]:
        """One target per admin identity whose scope covers the unit."""
        return covering(self.tree, self.admins, unit_id)


@dataclass(frozen=True)
class RoundRows:
    """Builds the outbox rows of one round (at its current deadline)."""

    code: str
    rnd: Round
    default_lang: str = "vi"

    @cached_property  # asked for every row: built once per round
    def key(self) -> keys.RoundKey:
        return keys.RoundKey(self.code, self.rnd.id, self.due)

    @cached_property
    def due(self) -> dt.date:
        """The round's last day; only dated rounds are ever planned (:func:`dated`)."""
        return self.rnd.due

    def row(self, key: str, at: dt.datetime, kind: str, recipient_kind: str, channel: str, chat_id: str,
            *, unit_id: int | None, officer_id: int | None = None, **payload: Any) -> dict[str, Any]:
        return {
            "dedupe_key": key, "due_at": at, "kind": kind, "unit_id": unit_id,
            "plan_code": self.code, "round_id": self.rnd.id, "recipient_kind": recipient_kind,
            "channel": channel, "chat_id": chat_id, "officer_id": officer_id,
            "payload": {"deadline": self.due.isoformat(), **payload},
        }

    def unreachable(self, admins: Sequence[AdminTarget], at: dt.datetime, unit_id: int,
                    officer_id: int | None, officer: str, via: str,
                    why: str = "unreachable") -> list[dict[str, Any]]:
        """The 'officer unreachable' notice to each admin over the unit. The
        planner (officer already unreachable) and the dispatcher (a send just
        failed) both build it here, with one key: the admin is told once.
        ``why`` is ``unreachable`` (the chat is gone) or ``outside_window``
        (the Zalo OA may not write first: the officer has to write to it)."""
        return [
            self.row(self.key.unreachable(unit_id, officer_id, a.channel, a.user_id), at, "unreachable",
                     "admin", a.channel, a.chat_id, unit_id=unit_id, officer_id=officer_id,
                     lang=a.locale or self.default_lang, officer=officer, via=via, why=why)
            for a in admins
        ]


@dataclass(frozen=True)
class _Round(RoundRows):
    policy: ReminderPolicy = field(default_factory=ReminderPolicy)
    tz: zoneinfo.ZoneInfo = field(default_factory=lambda: zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))

    def at(self, day: dt.date) -> dt.datetime:
        return pol.send_at(day, self.policy, self.tz)


def dated(plan: Plan) -> list[tuple[Round, dt.date]]:
    """The plan's rounds that have a last day, with it: a round the plan gives
    no date ("định kỳ 6 tháng, năm") is not reminded until an admin sets one."""
    return [(rnd, rnd.due) for rnd in plan.dated_rounds]


def slots_in(plans: Iterable[PlanLike], cal: WorkCalendar, start: dt.date, end: dt.date) -> bool:
    """Whether any round has a slot or digest day in the window (cheap pre-check)."""
    for stored in plans:
        for rnd, due in dated(stored.plan):
            policy = stored.plan.policy(rnd.id)
            if any(start <= s.day <= end for s in pol.schedule(due, policy, cal)):
                return True
            if any(start <= d <= end for d in pol.digest_days(due, policy, cal)):
                return True
    return False


def compute(world: World[Any], cal: WorkCalendar, tz: zoneinfo.ZoneInfo, start: dt.date, end: dt.date,
            default_lang: str = "vi") -> list[dict[str, Any]]:
    """Every outbox row due in ``[start, end]`` (local dates)."""
    rows: list[dict[str, Any]] = []
    digests: dict[tuple[dt.date, str, str], dict[str, Any]] = {}
    for stored in world.plans:
        for rnd, due in dated(stored.plan):
            units = world.reporting(stored.plan, rnd.id)
            policy = stored.plan.policy(rnd.id)
            r = _Round(stored.code, rnd, default_lang, policy, tz)
            open_units = {u for u in units if world.status(stored.code, rnd.id, u) not in DONE}
            slots = pol.due_slots(due, policy, cal, status="open", start=start, end=end)
            for slot in slots:
                if slot.kind == "escalation":
                    rows.extend(_escalations(world, r, slot, open_units))
                    continue
                at = r.at(slot.day)
                for unit_id in sorted(open_units):
                    rows.extend(_unit_rows(world, r, slot, unit_id, at))
            rows.extend(_group_rows(world, r, units, open_units, [s for s in slots if s.kind != "escalation"]))
            for day in pol.digest_days(due, policy, cal):
                if start <= day <= end:
                    _add_digest(digests, world, r, open_units, day)
    rows.extend(digests.values())
    return sorted(rows, key=lambda r: (r["due_at"], r["dedupe_key"]))


def _unit_rows(world: World[Any], r: _Round, slot: pol.Slot, unit_id: int, at: dt.datetime) -> list[dict[str, Any]]:
    rows = []
    for o in world.officers.get(unit_id, []):
        if o.reachable:
            rows.append(r.row(r.key.officer(slot.kind, slot.day, unit_id, o.officer_id), at, slot.kind,
                              "officer", o.channel, o.chat_id, unit_id=unit_id, officer_id=o.officer_id,
                              lang=o.locale, who=o.full_name))
            continue
        # Skipped, and reported to the admins once per round.
        rows.extend(r.unreachable(world.scoped_admins(unit_id), at, unit_id, o.officer_id, o.full_name, o.channel))
    return rows


def _escalations(world: World[Any], r: _Round, slot: pol.Slot, open_units: set[int]) -> list[dict[str, Any]]:
    """One message per admin listing every unit of their scope still open after
    the overdue reminder (not one per unit: a province admin has hundreds)."""
    by_admin: dict[tuple[str, str], tuple[AdminTarget, list[int]]] = {}
    for unit_id in sorted(open_units):
        for a in world.scoped_admins(unit_id):
            by_admin.setdefault((a.channel, a.user_id), (a, []))[1].append(unit_id)
    at = r.at(slot.day)
    return [
        r.row(r.key.escalation(slot.day, a.channel, a.user_id), at, "escalation", "admin", a.channel, a.chat_id,
              unit_id=None, lang=a.locale or r.default_lang, units=units, who=a.name)
        for a, units in by_admin.values()
    ]


def _group_rows(
    world: World[Any], r: _Round, units: set[int], open_units: set[int], slots: list[pol.Slot],
) -> list[dict[str, Any]]:
    rows = []
    for g in world.groups:
        covered = {u for u in units if g.unit_id in world.ancestors(u)}
        if not covered & open_units:
            continue
        mode = "unit" if covered == {g.unit_id} else "rollup"
        for slot in slots:
            rows.append(r.row(r.key.group(slot.day, g.unit_id, g.channel, g.chat_id), r.at(slot.day), "group",
                              "group", g.channel, g.chat_id, unit_id=g.unit_id, mode=mode, lang="vi", who=g.title))
    return rows


def _add_digest(
    digests: dict[tuple[dt.date, str, str], dict[str, Any]], world: World[Any], r: _Round,
    open_units: set[int], day: dt.date,
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
                "dedupe_key": keys.digest(day, channel, user_id),
                "due_at": r.at(day), "kind": "digest", "unit_id": None,
                "plan_code": "*", "round_id": "*", "recipient_kind": "admin",
                "channel": channel, "chat_id": first.chat_id, "officer_id": None,
                "payload": {"lang": first.locale or r.default_lang, "scope": sorted(roots), "rounds": [],
                            "who": first.name},
            }
        digests[key]["payload"]["rounds"].append([r.code, r.rnd.id])
