"""How scores look: a criterion named by its label and its evidence for the
appraising admin; the running self-score and the band it would give for the
officer. Text from locales."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.plan.model import Band, Criterion, Plan, Question
from bot.domain.scoring import ComputedScore, find_criterion, rubric_of, score_unit
from handlers.views import render
from locales import t

LABEL = 80  # characters of a criterion's text used as its label in messages


def criterion_label(c: Criterion, lang: str) -> str:
    """A criterion as people name it: its text (clipped), never its id."""
    text = " ".join((c.text_en if lang == "en" and c.text_en else c.text).split())
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def points(value: float | None) -> str:
    return "—" if value is None else render.number(value)


def evidence_line(q: Question | None, value: Any, lang: str) -> str | None:
    """"📎 Minh chứng: tệp ke-hoach.pdf" for a criterion that asks for
    evidence (``None`` when it does not)."""
    if q is None:
        return None
    shown = t("render.unanswered", lang) if value is None else render.value_text(q, value, lang)
    return t("admin.appraise.evidence", lang, value=shown)


def self_score_lines(
    lang: str, plan: Plan, round_id: str, answers: Mapping[str, Any], computed: Sequence[ComputedScore] = (),
    *, final: bool = False,
) -> list[str]:
    """The officer's running self-score, out of what the unit can give itself,
    and the band it would give before appraisal; first, the criteria the bot
    computed and why (``final``: as submitted, not as of today). Nothing for
    an unscored round or before the first score."""
    rubric = rubric_of(plan, round_id)
    if rubric is None:
        return []
    score = score_unit(rubric, {**answers, **{c.question_id: c.points for c in computed}}, {})
    if score.self_total is None or score.band is None or score.self_scaled is None:
        return []
    lines = [computed_line(lang, plan, round_id, c) for c in computed]
    if computed and not final:
        lines.append(t("scoring.computed_today", lang))
    lines.append(t("scoring.self", lang, own=render.number(score.self_total, lang),
                   max=render.number(score.self_max, lang), scaled=render.number(score.self_scaled, lang),
                   total=render.number(rubric.total_points, lang), band=band_label(score.band, lang)))
    if score.capped_by is not None:
        cond = score.capped_by
        c = find_criterion(rubric, cond.criterion)
        reason = cond.text or (criterion_label(c, lang) if c else cond.criterion)
        lines.append(t("scoring.capped", lang, band=band_label(score.band, lang), reason=reason))
    upper = sum(c.max_points for c in rubric.criteria() if c.upper_level_only)
    if upper:
        lines.append(t("scoring.upper_pending", lang, points=render.number(upper, lang)))
    return lines


def computed_line(lang: str, plan: Plan, round_id: str, c: ComputedScore) -> str:
    """"🤖 Gửi hồ sơ đúng hạn: 10 điểm (bot tự tính: nộp đúng hạn 10/05/2025)";
    a round other than this one is named."""
    why = []
    for rid, late in c.rounds:
        rnd = plan.round(rid)
        key = "scoring.late" if late.late else "scoring.on_time"
        what = t(key, lang, deadline=render.date_vn(rnd.due), days=late.days, working=late.working_days)
        if rid != round_id:
            what = t("scoring.of_round", lang, title=rnd.title_en if lang == "en" and rnd.title_en else rnd.title,
                     what=what)
        why.append(what)
    return t("scoring.computed", lang, label=criterion_label(c.criterion, lang),
             points=render.number(c.points, lang), why="; ".join(why))


def band_label(band: Band, lang: str) -> str:
    return band.label_en if lang == "en" and band.label_en else band.label
