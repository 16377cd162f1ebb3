"""Parse one typed answer for one question into its stored (JSON) value.

``parse_answer`` returns the value or raises :class:`AnswerError` whose
``key`` is a locale key (``answer.*``) and ``params`` its placeholders, so the
reply can say exactly what was wrong. It never raises anything else.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from bot.core.errors import AnswerError
from bot.core.text import fold, nfc, small_number
from bot.domain.plan.model import Question, QuestionType

MAX_TEXT = 2000  # characters kept for a free-text answer (a Zalo message's size)


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# Vietnamese writes thousands with dots or spaces ("1.250", "1 250") and decimals
# with a comma ("85,5"); a phone keyboard often gives "85.5" for the decimal.
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:(?:\.\d{3})+|(?: \d{3})+)$")


def _number(raw: str) -> float:
    s = raw.strip().replace("\u00a0", " ")
    if _THOUSANDS.match(s):
        s = s.replace(".", "").replace(" ", "")
    if not _NUMBER.match(s):
        raise AnswerError("answer.not_a_number", value=raw[:40])
    value = float(s.replace(",", "."))
    if not math.isfinite(value):
        raise AnswerError("answer.not_a_number", value=raw[:40])
    return value


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}".replace(".", ",")


def _bounds(q: Question, value: float) -> None:
    low, high = q.lower_bound, q.upper_bound
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise AnswerError("answer.out_of_range", min=_fmt(low), max=_fmt(high))
        if low is not None:
            raise AnswerError("answer.too_small", min=_fmt(low))
        raise AnswerError("answer.too_large", max=_fmt(high or 0))


def _parse_integer(q: Question, raw: str) -> int:
    value = _number(raw)
    if not value.is_integer():
        raise AnswerError("answer.not_integer", value=raw[:40])
    _bounds(q, value)
    return int(value)


def _parse_percent(q: Question, raw: str) -> float:
    s = raw.strip()
    if s.endswith("%"):
        s = s[:-1].strip()
    value = _number(s)
    if not 0 <= value <= 100:
        raise AnswerError("answer.percent_range")
    _bounds(q, value)
    return round(value, 2)


def _parse_decimal(q: Question, raw: str) -> float:
    value = _number(raw)
    _bounds(q, value)
    return round(value, 2)


_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")


def _parse_date(raw: str) -> str:
    m = _DATE.match(raw.strip())
    if not m:
        raise AnswerError("answer.bad_date", value=raw[:40])
    day, month, year = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise AnswerError("answer.no_such_date", value=raw[:40]) from exc


def match_option(q: Question, raw: str) -> str | None:
    """The option id a reply names: its number, its id, or its words (either
    language), ignoring case and accents. ``None`` when nothing matches."""
    s = fold(raw).rstrip(".)")
    if s.isdecimal():
        n = small_number(s)
        return q.options[n - 1].id if n is not None and 1 <= n <= len(q.options) else None
    for opt in q.options:
        names = {fold(opt.id), fold(opt.text)} | ({fold(opt.text_en)} if opt.text_en else set())
        if s in names:
            return opt.id
    # A unique prefix or containment ("da thuc hien" for "Đã thực hiện đầy đủ").
    hits = [o.id for o in q.options if s and len(s) >= 3 and fold(o.text).startswith(s)]
    return hits[0] if len(hits) == 1 else None


def parse_answer(q: Question, raw: str) -> Any:
    """The stored value for the typed reply ``raw`` to question ``q``."""
    raw = nfc(raw)
    if not raw.strip():
        raise AnswerError("answer.empty")
    match q.type:
        case QuestionType.CHOICE:
            option = match_option(q, raw)
            if option is None:
                raise AnswerError("answer.bad_choice", count=len(q.options))
            return option
        case QuestionType.INTEGER:
            return _parse_integer(q, raw)
        case QuestionType.PERCENT:
            return _parse_percent(q, raw)
        case QuestionType.DECIMAL:
            return _parse_decimal(q, raw)
        case QuestionType.DATE:
            return _parse_date(raw)
        case QuestionType.TEXT:
            limit = q.max_length or MAX_TEXT
            text = raw.strip()
            if len(text) > limit:
                raise AnswerError("answer.too_long", length=len(text), max=limit)
            return text
        case QuestionType.EVIDENCE:
            # A typed note (document number, link) is accepted as evidence too.
            text = raw.strip()
            if len(text) > MAX_TEXT:
                raise AnswerError("answer.too_long", length=len(text), max=MAX_TEXT)
            return {"kind": "text", "text": text}
    raise AnswerError("answer.unsupported")  # pragma: no cover - exhaustive match


def evidence_value(attachment: dict[str, Any]) -> dict[str, Any]:
    """The stored value for a file/photo sent as evidence (only known keys kept)."""
    keep = ("kind", "file_id", "url", "name", "size", "mime", "caption")
    return {k: attachment[k] for k in keep if attachment.get(k) is not None}
