"""What the pages show, gathered from the services the chat reports use:
each round of the newest plans loaded over the admin's scope
(``admin_data.load_round``) and summarised (``bot.domain.summary``) — the
counts, lateness and contacts are theirs, not worked out again here."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.text import fold
from bot.domain.reports import RoundData
from bot.domain.summary import summarize
from bot.domain.summary_data import Summary
from bot.domain.units import UnitInfo
from bot.services import web_data
from bot.services.admin_data import latest_plans, load_round, unit_tree
from bot.shell.web.gate import Hidden, Viewer
from storage.plans import StoredPlan


@dataclass
class RoundView:
    stored: StoredPlan
    data: RoundData
    summary: Summary

    @property
    def key(self) -> str:  # how a URL names the round
        return f"{self.stored.code}/{self.data.round_id}"

    def title(self, lang: str) -> str:
        return self.summary.title_in(lang)


@dataclass(frozen=True)
class Cell:
    status: str
    days_late: int
    overdue: bool


@dataclass
class Row:
    unit: UnitInfo
    officer: str
    phone: str
    unreachable: bool
    cells: dict[str, Cell] = field(default_factory=dict)


async def plan_round(v: Viewer, key: str) -> tuple[StoredPlan, str]:
    """The plan and round a URL names (``PLAN/ROUND``, a dated round of the
    newest plans), nothing loaded; unknown: :class:`Hidden`."""
    for stored in await latest_plans(v.conn):
        for rnd in stored.plan.dated_rounds:
            if key == f"{stored.code}/{rnd.id}":
                return stored, rnd.id
    raise Hidden()


async def rounds(v: Viewer, only: str | None = None) -> list[RoundView]:
    """Every dated round of the newest plans over the scope (``only``: the
    round ``PLAN/ROUND``; unknown: :class:`Hidden`)."""
    tree = await unit_tree(v.conn)
    out = []
    for stored in await latest_plans(v.conn):
        for rnd in stored.plan.dated_rounds:
            if only is not None and only != f"{stored.code}/{rnd.id}":
                continue
            data = await load_round(v.rt, v.conn, stored, rnd.id, v.roots, tree=tree)
            out.append(RoundView(stored, data, summarize(data)))
    if only is not None and not out:
        raise Hidden()
    return sorted(out, key=lambda r: (r.data.round.due, r.stored.code))


async def table(v: Viewer, views: list[RoundView]) -> list[Row]:
    """One row per reporting unit of any round, a cell per round it reports on."""
    unreachable = await web_data.unreachable_units(v.conn)
    rows: dict[int, Row] = {}
    for view in views:
        data = view.data
        for u in data.units:
            row = rows.get(u.id)
            if row is None:
                contact = data.contacts.get(u.id)
                row = rows[u.id] = Row(u, contact.full_name if contact else "", contact.phone if contact else "",
                                       u.id in unreachable)
            row.cells[view.key] = Cell(data.status(u.id), data.days_late(u.id), data.overdue(u.id))
    return sorted(rows.values(), key=lambda r: r.unit.code)


SORTS = ("code", "name", "level", "officer")


def keep(rows: list[Row], *, state: str, level: str, text: str, round_key: str) -> list[Row]:
    """The rows the filters let through: a state (in the chosen round, else in
    any), a level, a text found (accents ignored) in code, name or officer."""
    wanted = fold(text.strip())
    out = []
    for r in rows:
        cells = [r.cells[round_key]] if round_key in r.cells else ([] if round_key else list(r.cells.values()))
        if state and not any(c.status == state or (state == "overdue" and c.overdue) for c in cells):
            continue
        if level and r.unit.level != level:
            continue
        if wanted and wanted not in fold(f"{r.unit.code} {r.unit.name} {r.officer}"):
            continue
        out.append(r)
    return out


def ordered(rows: list[Row], sort: str, desc: bool) -> list[Row]:
    """By a column: code, name, level, officer, or a round's key (by state, then lateness)."""
    order = ("not_started", "draft", "returned", "submitted", "accepted")

    def by(r: Row) -> tuple[object, ...]:
        if sort in ("name", "officer"):
            return (fold(r.unit.name if sort == "name" else r.officer), r.unit.code)
        if sort == "level":
            return (r.unit.level, r.unit.code)
        if "/" in sort:  # a round: by state, the latest first, units not reporting on it last
            cell = r.cells.get(sort)
            if cell is None:
                return (len(order), 0, r.unit.code)
            return (order.index(cell.status) if cell.status in order else len(order), -cell.days_late, r.unit.code)
        return (0, 0, r.unit.code)

    return sorted(rows, key=by, reverse=desc)
