"""What a reminder says, loaded when its row is sent (so progress is current).

:class:`ReminderContent` reads the database and hands plain facts to a
:class:`ReminderTexts` — the wording, which lives with the other texts in
``handlers.views.reminders`` and is passed in by the composition root (the
services layer never imports handlers). ``render`` returns the message, or a
reason string when the row must not be sent any more (the unit submitted,
the deadline moved, nothing left to say).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.core.messages import Outgoing
from bot.domain.entities import ReminderRow, StoredPlan
from bot.domain.plan.model import Round
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.status import DONE
from bot.services.progress import RoundStatus, round_status
from bot.services.runtime import Connection
from storage import officers as officer_store
from storage import plans as plan_store
from storage import units as unit_store
from storage.submissions import submissions_for_round

MAX_LINES = 30  # units listed in one roll-call or digest; the rest are counted


@dataclass(frozen=True)
class Moment:
    """When and for whom a text is worded."""

    today: dt.date
    lang: str
    cal: WorkCalendar


@dataclass(frozen=True)
class UnitNote:
    """One unit's reminder: to its officer (``officer``, ``manual``), to its
    group (``group``: with the unit and its officers), or to an admin about an
    officer who cannot be reached (``unreachable``: with the unit)."""

    kind: str
    status: RoundStatus
    unit_name: str = ""
    officers: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pending:
    """The units of a round that have not submitted (name, status), by name,
    out of ``total`` units covered."""

    round: Round
    units: list[tuple[str, RoundStatus]]
    total: int


@dataclass(frozen=True)
class Escalation:
    """Units still open after the deadline: the first :data:`MAX_LINES` with
    their status and officers, and how many there are in all."""

    round: Round
    units: list[tuple[str, RoundStatus, list[str]]]
    count: int


class ReminderTexts(Protocol):
    """The wording of every kind of reminder (see ``handlers.views.reminders``)."""

    def unit(self, note: UnitNote, at: Moment) -> str: ...

    def rollup(self, pending: Pending, at: Moment) -> str: ...

    def escalation(self, escalation: Escalation, at: Moment) -> str: ...

    def digest(self, rounds: list[Pending], at: Moment) -> str: ...


async def _officer_names(conn: Connection, unit_id: int) -> list[str]:
    return [o.full_name for o in await officer_store.officers_of_unit(conn, unit_id)]


class ReminderContent:
    def __init__(self, cal: WorkCalendar, tz: zoneinfo.ZoneInfo, texts: ReminderTexts) -> None:
        self.cal, self.tz, self.texts = cal, tz, texts

    async def render(self, conn: Connection, row: ReminderRow, now: dt.datetime) -> Outgoing | str:
        at = Moment(now.astimezone(self.tz).date(), str(row.payload.get("lang") or "vi"), self.cal)
        if "text" in row.payload:
            return Outgoing(text=str(row.payload["text"]))
        if row.kind == "digest":
            return await self.digest(conn, row, at)
        stored = await plan_store.latest_plan(conn, row.plan_code)
        if stored is None:
            return "plan gone"
        try:
            rnd = stored.plan.round(row.round_id)
        except KeyError:
            return "round gone"
        if row.payload.get("deadline") not in (None, rnd.due.isoformat()):
            return "deadline changed"  # the new deadline gets its own rows
        if row.kind == "escalation":
            return await self.escalation(conn, stored, rnd, set(row.payload.get("units", [])), at)
        assert row.unit_id is not None
        if row.kind == "group" and row.payload.get("mode") == "rollup":
            return await self.rollup(conn, stored, rnd, row.unit_id, at)
        st = await round_status(conn, row.unit_id, stored, rnd.id)
        if st.status in DONE:
            return "submitted"
        return Outgoing(text=await self.unit_text(conn, row.kind, st, row.unit_id, at, row.payload))

    async def unit_text(
        self, conn: Connection, kind: str, st: RoundStatus, unit_id: int, at: Moment,
        payload: dict[str, Any] | None = None,
    ) -> str:
        note = UnitNote(kind, st, payload=payload or {})
        if kind in ("group", "unreachable"):
            unit = await unit_store.get_unit(conn, unit_id)
            officers = await _officer_names(conn, unit_id) if kind == "group" else []
            note = UnitNote(kind, st, unit.name, officers, payload or {})
        return self.texts.unit(note, at)

    async def open_units(self, conn: Connection, stored: StoredPlan, rnd: Round, roots: set[int]) -> Pending:
        """Units under ``roots`` that have not submitted."""
        from bot.services.reminders.planner import load_world

        world = await load_world(conn, [stored])
        applicable = world.reporting(stored.plan, rnd.id)
        subs = await submissions_for_round(conn, stored.code, rnd.id)
        covered = sorted(u for u in applicable if roots & set(world.ancestors(u)))
        out = []
        for uid in covered:
            sub = subs.get(uid)
            if sub is not None and sub.status in DONE:
                continue
            unit = await unit_store.get_unit(conn, uid)
            out.append((unit.name, await round_status(conn, uid, stored, rnd.id)))
        return Pending(rnd, sorted(out, key=lambda x: x[0]), len(covered))

    async def rollup(self, conn: Connection, stored: StoredPlan, rnd: Round, root: int, at: Moment) -> Outgoing | str:
        pending = await self.open_units(conn, stored, rnd, {root})
        if not pending.units:
            return "all submitted"
        return Outgoing(text=self.texts.rollup(pending, at))

    async def escalation(
        self, conn: Connection, stored: StoredPlan, rnd: Round, units: set[int], at: Moment
    ) -> Outgoing | str:
        subs = await submissions_for_round(conn, stored.code, rnd.id)
        still = sorted(u for u in units if (s := subs.get(u)) is None or s.status not in DONE)
        if not still:
            return "all submitted"
        listed = []
        for uid in still[:MAX_LINES]:
            unit = await unit_store.get_unit(conn, uid)
            st = await round_status(conn, uid, stored, rnd.id)
            listed.append((unit.name, st, await _officer_names(conn, uid)))
        return Outgoing(text=self.texts.escalation(Escalation(rnd, listed, len(still)), at))

    async def digest(self, conn: Connection, row: ReminderRow, at: Moment) -> Outgoing | str:
        roots = set(row.payload.get("scope", []))
        rounds: list[Pending] = []
        for plan_code, round_id in row.payload.get("rounds", []):
            stored = await plan_store.latest_plan(conn, plan_code)
            if stored is None or round_id not in {r.id for r in stored.plan.rounds}:
                continue
            pending = await self.open_units(conn, stored, stored.plan.round(round_id), roots)
            if pending.units:
                rounds.append(pending)
        if not rounds:
            return "nothing overdue"
        return Outgoing(text=self.texts.digest(rounds, at))
