"""``text``: free text, up to the question's ``max_length`` (else a Zalo
message's size); the hint says the limit. A text question takes no file, so
its "too long" message asks to shorten, not to send a file (evidence does)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.questions.base import AnswerError, Hint, QuestionKind

if TYPE_CHECKING:
    from bot.domain.plan.model import Question

MAX_TEXT = 2000  # characters kept for a free-text answer (a Zalo message's size)


def clip_text(raw: str, limit: int, key: str = "answer.too_long") -> str:
    """The stripped reply, or ``key`` (what to do instead) when over ``limit``."""
    text = raw.strip()
    if len(text) > limit:
        raise AnswerError(key, length=len(text), max=limit)
    return text


class TextKind(QuestionKind):
    name = "text"
    free_form = True
    lists = True

    def parse(self, q: Question, raw: str) -> str:
        return clip_text(raw, q.max_length or MAX_TEXT)

    def hint(self, q: Question) -> Hint:
        return Hint("render.hint.text", params=(("max", q.max_length or MAX_TEXT),))

    def free_text(self, q: Question, value: Any) -> bool:
        return bool(str(value).strip())


KIND = TextKind()
