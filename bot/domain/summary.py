"""The summary of one round over an admin's scope, as a typed
:class:`~bot.domain.summary_data.Summary` (``to_json()`` for the CLI).

Counts partition the reporting units by status (``overdue`` overlaps them:
not submitted and past the deadline). Answer statistics and scores use the
units that submitted (submitted or accepted): drafts are unfinished.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.domain.checklist.engine import review_items
from bot.domain.plan.model import NUMERIC_TYPES, Plan, Question, QuestionType, Rubric, Target
from bot.domain.reports import RoundData
from bot.domain.scoring import band_target, rubric_of, score_unit
from bot.domain.status import DONE, STATUSES
from bot.domain.summary_data import (
    Band,
    Counts,
    Group,
    OverdueUnit,
    ScopeRoot,
    Scores,
    Scoring,
    Spread,
    Summary,
    UnitRow,
)
from bot.domain.units import UnitInfo, group_of


def pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def number_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def meets(target: Target, value: Any) -> bool:
    """Whether one answer meets a target (an option, or numeric bounds)."""
    if target.equals is not None:
        return value == target.equals
    x = number_or_none(value)
    if x is None:
        return False
    if target.strict:
        return (target.min is None or x > target.min) and (target.max is None or x < target.max)
    return (target.min is None or x >= target.min) and (target.max is None or x <= target.max)


def spread(values: Sequence[float]) -> dict[str, float | int | None]:
    return Spread.of(values).to_json()


def _target_json(t: Target | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {k: v for k, v in {"min": t.min, "max": t.max, "equals": t.equals, "source": t.source}.items()
            if v is not None}


def _question_stats(questions: list[Question], answers: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    numeric, choices = [], []
    for q in questions:
        given = [a[q.id] for a in answers if a.get(q.id) is not None]
        if q.type in NUMERIC_TYPES:
            values = [x for x in (number_or_none(v) for v in given) if x is not None]
            row: dict[str, Any] = {"id": q.id, "type": q.type.value, "text": q.text, "text_en": q.text_en,
                                   **spread(values), "target": _target_json(q.target), "meets_target": None}
            if q.target is not None and (q.target.min is not None or q.target.max is not None):
                row["meets_target"] = sum(1 for v in values if meets(q.target, v))
            numeric.append(row)
        elif q.type is QuestionType.CHOICE:
            counts = {o.id: 0 for o in q.options}
            for v in given:
                if v in counts:
                    counts[v] += 1
            choices.append({
                "id": q.id, "text": q.text, "text_en": q.text_en, "n": len(given),
                "options": [{"id": o.id, "text": o.text, "text_en": o.text_en, "count": counts[o.id]}
                            for o in q.options],
                "target": _target_json(q.target),
                "meets_target": counts.get(q.target.equals) if q.target and q.target.equals else None,
            })
    return numeric, choices


@dataclass
class _Tally:
    """What the loop over units accumulates."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    groups: dict[int, dict[str, int]] = field(default_factory=dict)
    done_answers: list[dict[str, Any]] = field(default_factory=list)
    bands: dict[str, int] = field(default_factory=dict)
    self_scores: list[float] = field(default_factory=list)
    appraised: list[float] = field(default_factory=list)
    finals: list[float] = field(default_factory=list)


def _unit_row(data: RoundData, u: UnitInfo, rubric: Rubric | None, tally: _Tally) -> UnitRow:
    status = data.status(u.id)
    answers = data.answers.get(u.id, {})
    items = review_items(data.questions_for(u.id), answers)
    sub = data.subs.get(u.id)
    counted = status in DONE
    if counted:
        tally.done_answers.append(answers)
    scores = None
    if rubric is not None:
        score = score_unit(rubric, answers, data.appraisals.get(u.id, {}))
        scores = Scores(score.self_total, score.appraised_total, score.final,
                        score.band.label if score.band is not None and counted else None)
        if counted and score.final is not None and score.band is not None:
            tally.bands[score.band.label] += 1
            tally.finals.append(score.final)
            if score.self_total is not None:
                tally.self_scores.append(score.self_total)
            if score.appraised_total is not None:
                tally.appraised.append(score.appraised_total)
    return UnitRow(
        unit=u.code, name=u.name, parent=data.tree[u.parent_id].code if u.parent_id in data.tree else None,
        status=status, answered=sum(1 for it in items if it.value is not None), total=len(items),
        missing=sum(1 for it in items if it.required and it.value is None),
        submitted_at=sub.submitted_at if sub is not None else None,
        days_late=data.days_late(u.id), overdue=data.overdue(u.id),
        plan_version=(data.versions.get(sub.plan_id) or data.plan).version if sub else data.plan.version,
        answers=answers, scores=scores,
    )


def _counts(by_status: dict[str, int], overdue: int) -> Counts:
    return Counts(**{s: by_status.get(s, 0) for s in STATUSES}, overdue=overdue)


def _scoring(plan: Plan, rubric: Rubric, tally: _Tally, total: int) -> Scoring:
    top = rubric.bands[0].label
    target = band_target(plan, rubric)
    share = pct(tally.bands[top], total)
    return Scoring(
        rubric=rubric.id, sample=rubric.sample, total_points=rubric.total_points, rated=sum(tally.bands.values()),
        bands=tuple(Band(b.label, b.label_en, b.min, tally.bands[b.label]) for b in rubric.bands),
        top_band=top, top_count=tally.bands[top], top_share_pct=share,
        target_pct=None if target is None else target.min, target_strict=bool(target and target.strict),
        meets_target=None if target is None else meets(target, share),
        self_scores=Spread.of(tally.self_scores), appraised=Spread.of(tally.appraised),
        final=Spread.of(tally.finals),
    )


def summarize(data: RoundData) -> Summary:
    plan, rnd = data.plan.plan, data.round
    rubric = rubric_of(plan, data.round_id)
    tally = _Tally(bands={b.label: 0 for b in rubric.bands} if rubric else {})
    rows = []
    for u in data.units:
        row = _unit_row(data, u, rubric, tally)
        rows.append(row)
        tally.counts[row.status] += 1
        g = tally.groups.setdefault(group_of(data.tree, data.roots, u.id),
                                    {"total": 0, **dict.fromkeys(STATUSES, 0), "overdue": 0})
        g["total"] += 1
        g[row.status] += 1
        g["overdue"] += int(row.overdue)
    total = len(data.units)
    overdue = tuple(OverdueUnit(r.unit, r.name, r.status, r.days_late) for r in rows if r.overdue)
    children = sorted(
        (Group(data.tree[gid].code, data.tree[gid].name, g["total"], _counts(g, g["overdue"]),
               pct(sum(g[s] for s in DONE), g["total"])) for gid, g in tally.groups.items()),
        key=lambda g: g.unit,
    )
    numeric, choices = _question_stats(plan.questions(data.round_id), tally.done_answers)
    return Summary(
        plan=data.plan.code, plan_version=data.plan.version, round=data.round_id,
        title=rnd.title, title_en=rnd.title_en, kind=rnd.kind, deadline=rnd.deadline, today=data.today,
        scope=tuple(ScopeRoot(data.tree[r].code, data.tree[r].name) for r in data.roots),
        total=total, counts=_counts(tally.counts, len(overdue)),
        completion_pct=pct(sum(tally.counts[s] for s in DONE), total), overdue_units=overdue,
        children=tuple(children), numeric=numeric, choices=choices,
        scoring=_scoring(plan, rubric, tally, total) if rubric is not None else None, units=tuple(rows),
    )
