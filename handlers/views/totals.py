"""The totals block of /summary: sums, pooled rates, target attainment on the
units a target applies to, the lists (e.g. "Dân vận khéo" models) and each
unit's punctuality — the province picture, in lines for a phone."""

from __future__ import annotations

from bot.domain.totals import PUNCTUALITY, RateTotal, Totals
from bot.services.export_totals import level_label
from handlers.views import render
from locales import t

MAX_LIST = 15
CLIP = 70


def _clip(s: str, n: int = CLIP) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _label(text: str, text_en: str | None, lang: str) -> str:
    return text_en if lang == "en" and text_en else text


def rate_line(r: RateTotal, lang: str) -> str:
    pct = "—" if r.pct is None else render.number(r.pct, lang)
    line = t("admin.totals.rate_line", lang, text=_clip(_label(r.text, r.text_en, lang)), pct=pct,
             part=render.number(r.part, lang), whole=render.number(r.whole, lang), n=r.units)
    if r.meets_target is not None:
        line += " " + t("admin.totals.rate_target", lang, verdict=t(
            "admin.summary.target_met" if r.meets_target else "admin.summary.target_missed", lang))
    return line


def punctuality_line(marks: dict[str, int], lang: str) -> str:
    return t("admin.totals.punctuality", lang, **{p: marks.get(p, 0) for p in PUNCTUALITY})


def totals_lines(totals: Totals | None, lang: str) -> list[str]:
    if totals is None:
        return []
    lines = [punctuality_line(dict(totals.punctuality), lang)]
    counts = [c for c in totals.counts if c.units]
    if counts:
        lines.append(t("admin.totals.counts", lang, n=totals.units))
    for c in counts:
        line = t("admin.totals.count_line", lang, text=_clip(_label(c.text, c.text_en, lang)),
                 total=render.number(c.total, lang), n=c.units)
        if len(c.by_level) > 1:  # one level: the total says it all
            line += " " + t("admin.totals.by_level", lang, levels=" · ".join(
                f"{level_label(lvl, lang)} {render.number(v, lang)}" for lvl, v in c.by_level))
        lines.append(line)
    if totals.rates:
        lines.append(t("admin.totals.rates", lang))
        lines.extend(rate_line(r, lang) for r in totals.rates)
    reached = [a for a in totals.attainment if a.applies]
    if reached:
        lines.append(t("admin.totals.attainment", lang))
    for a in reached:
        lines.append(t("admin.totals.attainment_line", lang, text=_clip(_label(a.text, a.text_en, lang)),
                       met=a.met, applies=a.applies, pct=render.number(a.pct or 0, lang), blank=a.blank))
    for g in totals.lists:
        lines.append(t("admin.totals.list", lang, text=_clip(_label(g.text, g.text_en, lang)), n=len(g.items)))
        for item in g.items[:MAX_LIST]:
            lines.append(t("admin.totals.list_line", lang, name=_clip(item.name, 40), text=_clip(item.text)))
        if len(g.items) > MAX_LIST:
            lines.append(t("admin.summary.more", lang, count=len(g.items) - MAX_LIST))
    return lines
