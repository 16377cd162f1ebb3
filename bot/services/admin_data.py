"""Loading what reports need, through the storage repos, in a few bulk reads."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import NotFound, UndatedRound, UnknownRound
from bot.domain.reports import PlanVersion, RoundData
from bot.domain.units import UnitInfo, reporting_units
from bot.services.runtime import Runtime
from storage import plans as plan_store
from storage import reports as report_store
from storage import submissions as sub_store
from storage import units as unit_store
from storage.plans import StoredPlan


def version_of(stored: StoredPlan) -> PlanVersion:
    return PlanVersion(stored.id, stored.code, stored.version, stored.sha256, stored.loaded_at, stored.plan)


async def find_round(conn: AsyncConnection, spec: str, plan_code: str | None = None) -> tuple[StoredPlan, str]:
    """The newest plan holding round ``spec`` (``ROUND`` or ``PLAN/ROUND``)."""
    if "/" in spec and plan_code is None:
        plan_code, spec = spec.split("/", 1)
    round_id = spec.strip().lower()
    for stored in await plan_store.latest_plans(conn):
        if plan_code is not None and stored.code != plan_code:
            continue
        rnd = next((r for r in stored.plan.rounds if r.id == round_id), None)
        if rnd is not None and rnd.undated:
            raise UndatedRound(f"round {round_id!r} has no deadline yet", round=rnd.title)
        if rnd is not None:
            return stored, round_id
    raise NotFound(f"no stored plan has round {round_id!r}", round=round_id)


async def round_named(conn: AsyncConnection, spec: str) -> tuple[StoredPlan, str]:
    """:func:`find_round` for a person: raises :class:`UnknownRound`."""
    try:
        return await find_round(conn, spec)
    except UndatedRound:
        raise  # it exists: say it has no date yet
    except NotFound as exc:
        raise UnknownRound(round=spec[:40]) from exc


async def latest_plans(conn: AsyncConnection) -> list[StoredPlan]:
    """The newest version of every plan."""
    return await plan_store.latest_plans(conn)


async def latest_plan(conn: AsyncConnection, code: str) -> StoredPlan | None:
    return await plan_store.latest_plan(conn, code)


async def unit_tree(conn: AsyncConnection) -> dict[int, UnitInfo]:
    return await unit_store.unit_tree(conn)


async def load_round(
    rt: Runtime, conn: AsyncConnection, stored: StoredPlan, round_id: str, roots: list[int],
    *, tree: dict[int, UnitInfo] | None = None,
) -> RoundData:
    tree = tree if tree is not None else await unit_tree(conn)
    subs = await sub_store.submissions_for_round(conn, stored.code, round_id)
    units = reporting_units(tree, roots, stored.plan, set(subs), round_id)
    wanted = {u.id for u in units}
    versions = {stored.id: version_of(stored)}
    for pid in {s.plan_id for s in subs.values()} - set(versions):
        pinned = await plan_store.get_plan(conn, pid)
        if pinned is not None:
            versions[pid] = version_of(pinned)
    answers = await sub_store.answers_for_round(conn, stored.code, round_id)
    appraisals = await report_store.appraisals_for_round(conn, stored.code, round_id)
    contacts = await report_store.contacts(conn)
    now = rt.clock.now()
    return RoundData(
        plan=version_of(stored), round_id=round_id, roots=roots, tree=tree, units=units,
        subs={k: v for k, v in subs.items() if k in wanted},
        answers={k: v for k, v in answers.items() if k in wanted},
        appraisals={k: v for k, v in appraisals.items() if k in wanted},
        contacts={k: v for k, v in contacts.items() if k in wanted},
        versions=versions, today=now.astimezone(rt.settings.tz).date(), tz=rt.settings.tz,
    )


async def top_roots(conn: AsyncConnection) -> list[int]:
    """Every root of the unit tree (the CLI sees everything)."""
    return await unit_store.root_ids(conn)
