"""The /summary text: what an admin reads on a phone, in parts under Zalo's
2,000-character limit, complete without the chart image."""

from __future__ import annotations

from typing import Any

from bot.domain.status import STATUSES
from bot.domain.summary_data import Band, Summary
from handlers.views import render
from handlers.views.totals import totals_lines
from locales import t

LIMIT = 1900  # below Zalo's 2,000 so adapters never split a part
MAX_OVERDUE = 15
MAX_CHILDREN = 20
CLIP = 70


def _clip(s: str, n: int = CLIP) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _label(item: dict[str, Any], lang: str, key: str = "text") -> str:
    return str(item.get(f"{key}_en") or item[key]) if lang == "en" else str(item[key])


def _num(x: float | None, lang: str) -> str:
    return "—" if x is None else render.number(x, lang)


def pack(lines: list[str], limit: int = LIMIT) -> list[str]:
    """Join lines into messages of at most ``limit`` characters, never
    splitting a line (a blank line starts a new block when it fits)."""
    parts: list[str] = []
    current = ""
    for line in lines:
        line = line[:limit]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current.strip("\n"))
            current = line
        else:
            current = candidate
    if current.strip():
        parts.append(current.strip("\n"))
    return parts


def overview_lines(s: Summary, lang: str) -> list[str]:
    c = s.counts
    scope = ", ".join(x.name for x in s.scope)
    lines = [
        t("admin.summary.title", lang, title=s.title_in(lang), deadline=render.date_vn(s.deadline)),
        t("admin.summary.scope", lang, plan=s.plan, version=s.plan_version, scope=scope, total=s.total),
        t("admin.summary.counts", lang, **{k: c.of(k) for k in STATUSES}),
        t("admin.summary.completion", lang, pct=render.number(s.completion_pct, lang), done=c.done, total=s.total),
    ]
    overdue = s.overdue_units
    if overdue:
        lines.append(t("admin.summary.overdue", lang, count=len(overdue)))
        for o in overdue[:MAX_OVERDUE]:
            lines.append(t("admin.summary.overdue_line", lang, code=o.unit, name=_clip(o.name, 50),
                           status=t(f"admin.status.{o.status}", lang), days=o.days_late))
        if len(overdue) > MAX_OVERDUE:
            lines.append(t("admin.summary.more", lang, count=len(overdue) - MAX_OVERDUE))
    elif s.today > s.deadline:
        lines.append(t("admin.summary.no_overdue", lang))
    children = s.children
    if len(children) > 1:
        lines.append(t("admin.summary.children", lang))
        for g in children[:MAX_CHILDREN]:
            lines.append(t("admin.summary.child_line", lang, name=_clip(g.name, 50), done=g.counts.done,
                           total=g.total, pct=render.number(g.completion_pct, lang), overdue=g.counts.overdue))
        if len(children) > MAX_CHILDREN:
            lines.append(t("admin.summary.more", lang, count=len(children) - MAX_CHILDREN))
    return lines


def _band_label(b: Band, lang: str) -> str:
    return (b.label_en or b.label) if lang == "en" else b.label


def scoring_lines(s: Summary, lang: str) -> list[str]:
    sc = s.scoring
    if sc is None:
        return []
    lines = [t("admin.summary.scoring", lang, rated=sc.rated, total=s.total)]
    for key, sp in (("self", sc.self_scores), ("appraised", sc.appraised)):
        if sp.n:
            lines.append(t(f"admin.summary.score_{key}", lang, n=sp.n, min=_num(sp.min, lang),
                           median=_num(sp.median, lang), max=_num(sp.max, lang)))
    lines.append(t("admin.summary.bands", lang))
    for b in sc.bands:
        lines.append(t("admin.summary.band_line", lang, label=_band_label(b, lang),
                       min=render.number(b.min, lang), count=b.count))
    share = t("admin.summary.top_share", lang, label=_band_label(sc.top, lang),
              pct=render.number(sc.top_share_pct, lang), count=sc.top_count, total=s.total)
    if sc.target_pct is not None:
        verdict = t("admin.summary.target_met" if sc.meets_target else "admin.summary.target_missed", lang)
        key = "admin.summary.target_above" if sc.target_strict else "admin.summary.target"
        share += " " + t(key, lang, target=render.number(sc.target_pct, lang), verdict=verdict)
    lines.append(share)
    if sc.sample:
        lines.append(t("admin.summary.sample_rubric", lang))
    return lines


def question_lines(s: Summary, lang: str) -> list[str]:
    done = s.counts.done
    if not done or not (s.numeric or s.choices):
        return []
    lines = [t("admin.summary.answers", lang, n=done)]
    if s.numeric:
        lines.append(t("admin.summary.numeric", lang))
    for q in s.numeric:
        if not q["n"]:
            continue  # nobody answered it (skipped, or hidden by an earlier answer)
        line = t("admin.summary.numeric_line", lang, text=_clip(_label(q, lang)), n=q["n"],
                 min=_num(q["min"], lang), median=_num(q["median"], lang), max=_num(q["max"], lang))
        if q["meets_target"] is not None:
            line += " " + t("admin.summary.meets", lang, count=q["meets_target"], n=q["n"])
        lines.append(line)
    if s.choices:
        lines.append(t("admin.summary.choices", lang))
    for q in s.choices:
        if not q["n"]:
            continue
        counts = " · ".join(f"{_label(o, lang)} {o['count']}" for o in q["options"])
        line = f"• {_clip(_label(q, lang))}: {counts}"
        if q["meets_target"] is not None:
            line += " " + t("admin.summary.meets", lang, count=q["meets_target"], n=q["n"])
        lines.append(line)
    return lines


def summary_texts(s: Summary, lang: str) -> list[str]:
    """The summary as chat messages: overview, scores, answer statistics."""
    parts = pack(overview_lines(s, lang))
    for block in (totals_lines(s.totals, lang), scoring_lines(s, lang), question_lines(s, lang)):
        if block:
            parts.extend(pack(block))
    return parts
