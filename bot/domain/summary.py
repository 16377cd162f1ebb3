"""The summary of one round over an admin's scope, as JSON-ready data.

Counts partition the reporting units by status (``overdue`` overlaps them:
not submitted and past the deadline). Answer statistics and scores use the
units that submitted (submitted or accepted): drafts are unfinished.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from bot.domain.checklist.engine import review_items
from bot.domain.plan.model import NUMERIC_TYPES, Question, QuestionType, Target
from bot.domain.reports import RoundData
from bot.domain.scoring import band_target, rubric_of, score_unit
from bot.domain.status import DONE, STATUSES
from bot.domain.units import group_of


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
    if not values:
        return {"n": 0, "min": None, "median": None, "max": None}
    return {"n": len(values), "min": min(values), "median": statistics.median(values), "max": max(values)}


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


def summarize(data: RoundData) -> dict[str, Any]:
    plan, rnd = data.plan.plan, data.round
    rubric = rubric_of(plan, data.round_id)
    counts = dict.fromkeys(STATUSES, 0)
    rows, overdue, done_answers = [], [], []
    groups: dict[int, dict[str, Any]] = {}
    bands = {b.label: 0 for b in rubric.bands} if rubric else {}
    self_scores, appraised_scores, final_scores = [], [], []
    for u in data.units:
        status = data.status(u.id)
        counts[status] += 1
        answers = data.answers.get(u.id, {})
        questions = data.questions_for(u.id)
        items = review_items(questions, answers)
        sub = data.subs.get(u.id)
        late, is_overdue = data.days_late(u.id), data.overdue(u.id)
        row: dict[str, Any] = {
            "unit": u.code, "name": u.name,
            "parent": data.tree[u.parent_id].code if u.parent_id in data.tree else None,
            "status": status, "answered": sum(1 for it in items if it.value is not None),
            "total": len(items), "missing": sum(1 for it in items if it.required and it.value is None),
            "submitted_at": sub.submitted_at.isoformat() if sub is not None and sub.submitted_at else None,
            "days_late": late, "overdue": is_overdue,
            "plan_version": (data.versions.get(sub.plan_id) or data.plan).version if sub else data.plan.version,
            "answers": answers,
        }
        if is_overdue:
            overdue.append({"unit": u.code, "name": u.name, "status": status, "days_late": late})
        if status in DONE:
            done_answers.append(answers)
        if rubric is not None:
            score = score_unit(rubric, answers, data.appraisals.get(u.id, {}))
            counted = status in DONE
            row["scores"] = {
                "self": score.self_total, "appraised": score.appraised_total, "final": score.final,
                "band": score.band.label if score.band is not None and counted else None,
            }
            if counted and score.final is not None and score.band is not None:
                bands[score.band.label] += 1
                final_scores.append(score.final)
                if score.self_total is not None:
                    self_scores.append(score.self_total)
                if score.appraised_total is not None:
                    appraised_scores.append(score.appraised_total)
        rows.append(row)
        gid = group_of(data.tree, data.roots, u.id)
        g = groups.setdefault(gid, {"unit": data.tree[gid].code, "name": data.tree[gid].name, "total": 0,
                                    **dict.fromkeys(STATUSES, 0), "overdue": 0})
        g["total"] += 1
        g[status] += 1
        g["overdue"] += int(is_overdue)
    total = len(data.units)
    done = sum(counts[s] for s in DONE)
    children = sorted(groups.values(), key=lambda g: g["unit"])
    for g in children:
        g["completion_pct"] = pct(sum(g[s] for s in DONE), g["total"])
    numeric, choices = _question_stats(plan.questions(data.round_id), done_answers)
    out: dict[str, Any] = {
        "plan": data.plan.code, "plan_version": data.plan.version, "round": data.round_id,
        "title": rnd.title, "title_en": rnd.title_en, "kind": rnd.kind,
        "deadline": rnd.deadline.isoformat(), "today": data.today.isoformat(),
        "scope": [{"unit": data.tree[r].code, "name": data.tree[r].name} for r in data.roots],
        "total": total, "counts": {**counts, "overdue": len(overdue)},
        "completion_pct": pct(done, total), "overdue_units": overdue, "children": children,
        "numeric": numeric, "choices": choices, "scoring": None, "units": rows,
    }
    if rubric is not None:
        top = rubric.bands[0].label
        target = band_target(plan, rubric)
        share = pct(bands[top], total)
        out["scoring"] = {
            "rubric": rubric.id, "sample": rubric.sample, "total_points": rubric.total_points,
            "rated": sum(bands.values()),
            "bands": [{"label": b.label, "label_en": b.label_en, "min": b.min, "count": bands[b.label]}
                      for b in rubric.bands],
            "top_band": top, "top_count": bands[top], "top_share_pct": share,
            "target_pct": None if target is None else target.min,
            "target_strict": bool(target and target.strict),
            "meets_target": None if target is None else meets(target, share),
            "self": spread(self_scores), "appraised": spread(appraised_scores), "final": spread(final_scores),
        }
    return out
