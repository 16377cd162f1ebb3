"""How scores look: a criterion card for the appraising admin (its label,
range, the unit's own points and evidence beside it). Text from locales."""

from __future__ import annotations

from typing import Any

from bot.domain.plan.model import Criterion, Question
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
