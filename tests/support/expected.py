"""An independent computation of the summary figures from the generated tree
(written without bot.reports, from the plan and the generator's own record)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from tests.support.tree import Tree

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DONE = ("submitted", "accepted")
NUMERIC = ("integer", "percent", "decimal", "calculated")  # calculated: a number the bot works out


def median(xs: list[float]) -> float:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def reporting(tree: Tree, roots: list[str]) -> list[str]:
    scope: set[str] = set()
    for r in roots:
        scope |= tree.subtree(r)
    return sorted(c for c in scope if tree.level[c] != "tinh")


def scores(tree: Tree, round_id: str, code: str) -> tuple[float | None, float | None]:
    rubric = tree.plan.rubric(tree.plan.round(round_id).rubric or "")
    answers = tree.answers.get((round_id, code), {})
    appraised = tree.appraised.get(code, {})
    own_total, any_own, upper_total = 0.0, False, 0.0
    for g in rubric.groups:
        for c in g.criteria:
            key = f"{g.id}.{c.id}"
            own = None if c.upper_level_only else answers.get(f"diem.{g.id}.{c.id}")
            if own is not None:
                own_total += own
                any_own = True
            upper_total += appraised[key] if key in appraised else (own or 0.0)
    return (round(own_total, 2) if any_own else None), (round(upper_total, 2) if appraised else None)


def band(score: float) -> str:
    return "Tốt" if score >= 90 else "Khá" if score >= 70 else "Trung bình" if score >= 50 else "Yếu"


def expected_summary(tree: Tree, round_id: str, roots: list[str], today: dt.date) -> dict[str, Any]:
    units = reporting(tree, roots)
    deadline = tree.plan.round(round_id).due  # the last day ("trước ngày 20/5": 19/5)
    status = {c: tree.status[(round_id, c)] for c in units}
    counts = {s: sum(1 for c in units if status[c] == s)
              for s in ("not_started", "draft", "returned", "submitted", "accepted")}
    done = [c for c in units if status[c] in DONE]
    overdue = [c for c in units if status[c] not in DONE and today > deadline]
    counts["overdue"] = len(overdue)

    def late(c: str) -> int:
        if status[c] in DONE:
            return max(0, (tree.submitted_at[(round_id, c)].astimezone(TZ).date() - deadline).days)
        return max(0, (today - deadline).days)

    out: dict[str, Any] = {
        "total": len(units), "counts": counts,
        "completion_pct": round(100 * len(done) / len(units), 1) if units else 0.0,
        "overdue_units": [(c, late(c)) for c in overdue],
        "days_late": {c: late(c) for c in units},
    }
    numeric, choices = {}, {}
    for q in tree.plan.questions(round_id, reported=True):
        vals = [tree.answers[(round_id, c)][q.id] for c in done if q.id in tree.answers.get((round_id, c), {})]
        if str(q.type) in NUMERIC:
            numeric[q.id] = (len(vals), min(vals, default=None), median(vals) if vals else None,
                             max(vals, default=None),
                             sum(1 for v in vals if v >= q.target.min) if q.target and q.target.min is not None else None)
        elif str(q.type) == "choice":
            choices[q.id] = {o.id: vals.count(o.id) for o in q.options}
    out["numeric"], out["choices"] = numeric, choices
    if len(roots) == 1:
        groups: dict[str, list[str]] = {}
        for c in units:
            chain = [c]
            while tree.parent[chain[-1]] is not None:
                chain.append(tree.parent[chain[-1]])  # type: ignore[arg-type]
            i = chain.index(roots[0])
            groups.setdefault(chain[i - 1] if i > 0 else roots[0], []).append(c)
        out["children"] = {g: (len(m), sum(1 for c in m if status[c] in DONE)) for g, m in groups.items()}
    if tree.plan.round(round_id).rubric:
        rubric = tree.plan.rubric(tree.plan.round(round_id).rubric or "")
        # what a unit can give itself: banded on its share of it until appraised
        own_max = sum(c.max_points for g in rubric.groups for c in g.criteria
                      if c.kind == "normal" and not c.upper_level_only)
        finals, banded = {}, {}
        for c in done:
            own, upper = scores(tree, round_id, c)
            final = upper if upper is not None else own
            if final is not None:
                finals[c] = final
                banded[c] = upper if upper is not None else own / own_max * rubric.total_points  # type: ignore[operator]
        bands = {b: sum(1 for f in banded.values() if band(f) == b) for b in ("Tốt", "Khá", "Trung bình", "Yếu")}
        out["scoring"] = {
            "bands": bands, "rated": len(finals),
            "top_share_pct": round(100 * bands["Tốt"] / len(units), 1) if units else 0.0,
            "finals": finals,
        }
    return out
