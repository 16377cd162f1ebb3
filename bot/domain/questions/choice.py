"""``choice``: one of the question's options, by number, id or words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.core.text import fold, small_number
from bot.domain.questions.base import AnswerError, Hint, Plain, QuestionKind, Shown, Stat
from bot.domain.questions.stats import target_json

if TYPE_CHECKING:
    from bot.domain.plan.model import Question, Target


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


class ChoiceKind(QuestionKind):
    name = "choice"
    options = True
    when_options = True

    def check(self, q: Question) -> None:
        if len(q.options) < 2:
            raise ValueError("a choice question needs at least 2 options")
        ids = [o.id for o in q.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique")
        self.check_bounds(q)

    def parse(self, q: Question, raw: str) -> str:
        option = match_option(q, raw)
        if option is None:
            raise AnswerError("answer.bad_choice", count=len(q.options))
        return option

    def shown(self, q: Question, value: Any, lang: str) -> Shown:
        return Plain(q.option_label(str(value), lang), clip=False)

    def hint(self, q: Question) -> Hint:
        return Hint("render.hint.choice", choices=len(q.options))

    def target_label(self, q: Question, target: Target, lang: str) -> str | None:
        return None if target.equals is None else q.option_label(target.equals, lang)

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        return q.option_label(str(value), lang)

    def stat(self, q: Question, given: Sequence[Any]) -> Stat:
        counts = {o.id: 0 for o in q.options}
        for v in given:
            if v in counts:
                counts[v] += 1
        return Stat("choices", {
            "id": q.id, "text": q.text, "text_en": q.text_en, "n": len(given),
            "options": [{"id": o.id, "text": o.text, "text_en": o.text_en, "count": counts[o.id]}
                        for o in q.options],
            "target": target_json(q.target),
            "meets_target": counts.get(q.target.equals) if q.target and q.target.equals else None,
        })


KIND = ChoiceKind()
