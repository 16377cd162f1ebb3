"""The summary of one round over an admin's scope, as a typed
:class:`~bot.domain.summary_data.Summary` (``to_json()`` for the CLI).

Counts partition the reporting units by status (``overdue`` overlaps them:
not submitted and past the deadline). Answer statistics and scores use the
units that submitted (submitted or accepted): drafts are unfinished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain.plan.model import Plan, Question, Rubric
from bot.domain.questions import kind_of
from bot.domain.questions.base import Bucket
from bot.domain.questions.stats import meets, number_or_none, spread
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
from bot.domain.totals import compute_totals, punctuality
from bot.domain.units import UnitInfo, group_of

# ``meets``, ``number_or_none`` and ``spread`` live with the question types; imported from here too.
__all__ = ["meets", "number_or_none", "pct", "spread", "summarize"]


def pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _question_stats(questions: list[Question], answers: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """Each question's summary line, as its type draws it (numbers, option counts, or none)."""
    buckets: dict[Bucket, list[Any]] = {"numeric": [], "choices": []}
    given: dict[str, list[Any]] = {}  # question id → its values, units in order: one pass over the answers
    for a in answers:
        for qid, v in a.items():
            if v is not None:
                have = given.get(qid)
                if have is None:
                    given[qid] = [v]
                else:
                    have.append(v)
    for q in questions:
        stat = kind_of(q.type).stat(q, given.get(q.id, []))
        if stat is not None:
            buckets[stat.bucket].append(stat.row)
    return buckets["numeric"], buckets["choices"]


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
    answers = data.asked_answers(u.id)  # its sections only (applies_to)
    ids, required = data.shown_ids(u.id)  # the questions that apply, as the review lists them
    given = answers.keys() if None not in answers.values() else {k for k, v in answers.items() if v is not None}
    answered = len(given & ids)
    missing = len(required) - len(given & required)
    sub = data.subs.get(u.id)
    late, overdue = data.days_late(u.id), data.overdue(u.id)
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
        status=status, answered=answered, total=len(ids), missing=missing,
        submitted_at=sub.submitted_at if sub is not None else None,
        days_late=late, overdue=overdue,
        plan_version=(data.versions.get(sub.plan_id) or data.plan).version if sub else data.plan.version,
        answers=answers, scores=scores, level=u.level,
        punctuality=punctuality(status, late, overdue),
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
    numeric, choices = _question_stats(plan.questions(data.round_id, reported=True), tally.done_answers)
    return Summary(
        plan=data.plan.code, plan_version=data.plan.version, round=data.round_id,
        title=rnd.title, title_en=rnd.title_en, kind=rnd.kind, deadline=rnd.due, today=data.today,
        scope=tuple(ScopeRoot(data.tree[r].code, data.tree[r].name) for r in data.roots),
        total=total, counts=_counts(tally.counts, len(overdue)),
        completion_pct=pct(sum(tally.counts[s] for s in DONE), total), overdue_units=overdue,
        children=tuple(children), numeric=numeric, choices=choices,
        scoring=_scoring(plan, rubric, tally, total) if rubric is not None else None, units=tuple(rows),
        totals=compute_totals(data),
    )
