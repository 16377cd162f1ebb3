"""The Word reports, drafted for signature: a unit's report of a round and the
aggregated report of a scope. ``unit_report`` / ``scope_report`` assemble what
goes in (worded from the ``documents.*`` catalogue keys), ``render`` draws it
with python-docx; this module loads what they need."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import NotFound
from bot.domain.checklist.walk import visible
from bot.domain.entities import StoredPlan
from bot.domain.reports import RoundData
from bot.domain.summary import summarize
from bot.domain.summary_data import Summary
from bot.domain.units import UnitInfo
from bot.services.admin_data import load_round, unit_tree
from bot.services.documents.render import docx_bytes
from bot.services.documents.scope_report import Scope, scope_document
from bot.services.documents.unit_report import unit_document
from bot.services.runtime import Runtime


def file_name(round_id: str, code: str) -> str:
    return f"bao-cao-{round_id}-{code.lower()}.docx"


async def _other_round(rt: Runtime, conn: AsyncConnection, stored: StoredPlan, kind: str,
                       roots: list[int]) -> Summary | None:
    """The summary of the plan's first round of ``kind`` over the same scope, if any."""
    rnd = next((r for r in stored.plan.rounds if r.kind == kind), None)
    if rnd is None:
        return None
    return summarize(await load_round(rt, conn, stored, rnd.id, roots))


async def unit_report_bytes(rt: Runtime, conn: AsyncConnection, stored: StoredPlan, round_id: str,
                            unit_id: int, lang: str = "vi") -> tuple[bytes, UnitInfo]:
    tree = await unit_tree(conn)
    unit = tree.get(unit_id)
    if unit is None:
        raise NotFound(f"no unit {unit_id}")
    data = await load_round(rt, conn, stored, round_id, [unit_id], tree=tree)
    answers = data.answers.get(unit_id, {})
    shown = {q.id for q in visible(data.questions_for(unit_id), answers)}
    own_plan = await _other_round(rt, conn, stored, "plan", [unit_id])
    plan_answers = None
    if own_plan is not None:
        row = next((u for u in own_plan.units if u.unit == unit.code), None)
        plan_answers = row.answers if row is not None and row.answers else None
    parent = tree.get(unit.parent_id) if unit.parent_id is not None else None
    doc = unit_document(stored.plan, round_id, unit, parent, answers, shown, lang, plan_answers)
    return docx_bytes(doc), unit


async def scope_report_bytes(rt: Runtime, conn: AsyncConnection, stored: StoredPlan, round_id: str,
                             roots: list[int], lang: str = "vi",
                             loaded: tuple[RoundData, Summary] | None = None) -> tuple[bytes, Summary]:
    """``loaded``: the round over ``roots`` and its summary, when the caller has them already."""
    if loaded is None:
        data = await load_round(rt, conn, stored, round_id, roots)
        summary = summarize(data)
    else:
        data, summary = loaded
    heads = [data.tree[r] for r in roots if r in data.tree]
    if not heads:
        raise NotFound("no scope")
    parent = data.tree.get(heads[0].parent_id) if len(heads) == 1 and heads[0].parent_id is not None else None
    scope = Scope(name=", ".join(h.name for h in heads), parent=parent.name if parent else None,
                  is_issuer=len(heads) == 1 and heads[0].level == stored.plan.level)
    scoring = await _other_round(rt, conn, stored, "scoring", roots)
    own_plan = await _other_round(rt, conn, stored, "plan", roots)
    doc = scope_document(stored.plan, data, summary, scope, lang, scoring=scoring,
                         plan_round=own_plan if own_plan is not None and own_plan.round != round_id else None)
    return docx_bytes(doc), summary
