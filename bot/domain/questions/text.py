"""``text``: free text, up to the question's ``max_length`` (else a Zalo
message's size)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.questions.base import AnswerError, QuestionKind

if TYPE_CHECKING:
    from bot.domain.plan.model import Question

MAX_TEXT = 2000  # characters kept for a free-text answer (a Zalo message's size)


def clip_text(raw: str, limit: int) -> str:
    text = raw.strip()
    if len(text) > limit:
        raise AnswerError("answer.too_long", length=len(text), max=limit)
    return text


class TextKind(QuestionKind):
    name = "text"

    def parse(self, q: Question, raw: str) -> str:
        return clip_text(raw, q.max_length or MAX_TEXT)


KIND = TextKind()
