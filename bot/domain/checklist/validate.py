"""Parse one typed answer for one question into its stored (JSON) value.

``parse_answer`` returns the value or raises :class:`AnswerError` whose
``key`` is a locale key (``answer.*``) and ``params`` its placeholders, so the
reply can say exactly what was wrong. It never raises anything else. Each
type's own rules live in its module under :mod:`bot.domain.questions`.
"""

from __future__ import annotations

from typing import Any

from bot.core.text import nfc
from bot.domain.plan.model import Question
from bot.domain.questions import AnswerError, kind_of
from bot.domain.questions.choice import match_option
from bot.domain.questions.evidence import evidence_value
from bot.domain.questions.text import MAX_TEXT

__all__ = ["MAX_TEXT", "AnswerError", "evidence_value", "match_option", "parse_answer"]


def parse_answer(q: Question, raw: str) -> Any:
    """The stored value for the typed reply ``raw`` to question ``q``."""
    raw = nfc(raw)
    if not raw.strip():
        raise AnswerError("answer.empty")
    return kind_of(q.type).parse(q, raw)
