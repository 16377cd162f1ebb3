"""A question type's display data (:mod:`bot.domain.questions.base` ``Shown``)
as words: for the chat views and the drafted documents alike."""

from __future__ import annotations

from bot.core.text import format_date, format_number
from bot.domain.questions.base import Day, Number, Phrase, Plain, Shown
from locales import t

PREVIEW = 60  # characters of a text answer shown in a review line


def clip(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= PREVIEW else s[: PREVIEW - 1] + "…"


def shown_text(shown: Shown, lang: str, *, full: bool = False) -> str:
    """``full``: text answers whole, as an admin or a document reads them, not a review preview."""
    match shown:
        case Plain(text=text, clip=clipped):
            return clip(text) if clipped and not full else text
        case Number(value=value, unit=unit):
            return f"{format_number(value, lang)}{unit}"
        case Day(iso=iso):
            return format_date(iso)
        case Phrase(key=key, params=params):
            return t(key, lang, **{k: v if full else clip(v) for k, v in params.items()})
    raise TypeError(shown)  # pragma: no cover - Shown is closed
