"""The totals sheet of the export (``Tổng hợp``): one flat table of the
round's totals over the scope — the sum of every count (whole scope, then by
unit level), the pooled rates with their counts, target attainment on the
units each target applies to, the lists and text answers by unit, and the
punctuality of the submissions. Computed by :mod:`bot.domain.totals`."""

from __future__ import annotations

from typing import Any

from bot.core.text import format_number
from bot.domain.totals import LEVELS, PUNCTUALITY, Totals
from locales import t

TOTALS_SHEET = "Tổng hợp"
HEADERS = ("totals_kind", "question_id", "question", "totals_where", "value", "totals_units", "totals_note")


def level_label(level: str, lang: str) -> str:
    """A unit level as people name it ("sở, ngành", "cấp xã"); an unknown level by its code."""
    return t(f"admin.totals.level.{level}", lang) if level in LEVELS else level


def _k(key: str, lang: str) -> str:
    return t(f"admin.export.totals_{key}", lang)


def headers(lang: str) -> list[str]:
    return [t(f"admin.export.{h}", lang) for h in HEADERS]


def totals_rows(totals: Totals, lang: str) -> list[list[Any]]:
    def label(text: str, text_en: str | None) -> str:
        return text_en if lang == "en" and text_en else text

    everywhere = _k("scope", lang)
    rows: list[list[Any]] = []
    for c in totals.counts:
        rows.append([_k("count", lang), c.id, label(c.text, c.text_en), everywhere, c.total, c.units, None])
        rows.extend([_k("count", lang), c.id, label(c.text, c.text_en), level_label(lvl, lang), v, None, None]
                    for lvl, v in c.by_level)
    for r in totals.rates:
        note = t("admin.export.totals_rate_note", lang, part=format_number(r.part, lang),
                 whole=format_number(r.whole, lang))
        rows.append([_k("rate", lang), r.id, label(r.text, r.text_en), everywhere, r.pct, r.units, note])
    for a in totals.attainment:
        note = t("admin.export.totals_attainment_note", lang, met=a.met, applies=a.applies, blank=a.blank)
        rows.append([_k("attainment", lang), a.id, label(a.text, a.text_en), everywhere, a.pct, a.applies, note])
    for kind, groups in (("list", totals.lists), ("text", totals.texts)):
        for g in groups:
            rows.extend([_k(kind, lang), g.id, label(g.text, g.text_en), i.name, i.text, None, i.unit]
                        for i in g.items)
    marks = dict(totals.punctuality)
    rows.extend([_k("punctuality", lang), None, t(f"admin.export.punctuality_{p}", lang), everywhere,
                 marks.get(p, 0), None, None] for p in PUNCTUALITY)
    return rows
