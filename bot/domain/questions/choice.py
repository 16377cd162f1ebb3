"""``choice``: one of the question's options, by number, id or words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.core.text import fold, small_number
from bot.domain.matching import name_hits
from bot.domain.questions.base import AnswerError, Hint, Plain, QuestionKind, Shown, Stat
from bot.domain.questions.stats import target_json

if TYPE_CHECKING:
    from bot.domain.plan.model import Question, Target


# Natural yes/no replies ("có", "rồi", "chưa" …), folded. They name an option
# only when the options are yes/no-like without doubt (see ``_yes_no``).
YES_WORDS = frozenset({"co", "roi", "da", "co roi", "da roi", "yes"})
NO_WORDS = frozenset({"chua", "khong", "no", "chua co", "khong co"})
_YES_HEADS = frozenset({"co", "da", "roi", "yes"})
_NO_HEADS = frozenset({"chua", "khong", "no", "not"})


def _likeness(text: str) -> str | None:
    """``"yes"`` for "Đã thực hiện" / "Có", ``"no"`` for "Chưa thực hiện" /
    "Không có"; ``None`` for anything else ("Đang thực hiện", "Tốt"), and for
    a mixed text ("Có, nhưng chưa đầy đủ")."""
    words = fold(text).replace(",", " ").split()
    if not words:
        return None
    if words[0] in _NO_HEADS:
        return "no"
    if words[0] in _YES_HEADS and not _NO_HEADS & set(words[1:]):
        return "yes"
    return None


def _yes_no(q: Question, s: str) -> str | None:
    """The option a yes/no word names: only when exactly one option is
    yes-like and exactly one is no-like (others, like "Đang thực hiện", may
    stand beside them)."""
    wanted = "yes" if s in YES_WORDS else "no" if s in NO_WORDS else None
    if wanted is None:
        return None
    like = [_likeness(o.text) for o in q.options]
    if like.count("yes") != 1 or like.count("no") != 1:
        return None
    return q.options[like.index(wanted)].id


def option_candidates(q: Question, raw: str) -> list[str]:
    """The option ids a reply may name: its number, its id, its words (either
    language, case and accents ignored), a yes/no word, or a part of an
    option's words (several when the part is in several options)."""
    s = fold(raw).strip(" .)")
    if s.isdecimal():
        n = small_number(s)
        return [q.options[n - 1].id] if n is not None and 1 <= n <= len(q.options) else []
    names = {o.id: [o.id, o.text, o.text_en or ""] for o in q.options}
    exact = [key for key, ns in names.items() if s in {fold(n) for n in ns if n}]
    if exact:
        return exact[:1]
    yes_no = _yes_no(q, s)
    if yes_no is not None:
        return [yes_no]
    return name_hits(s, names)


def match_option(q: Question, raw: str) -> str | None:
    """The option id a reply names without doubt; ``None`` otherwise."""
    hits = option_candidates(q, raw)
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
        hits = option_candidates(q, raw)
        if len(hits) > 1:  # a part of several options: ask which, never guess
            raise AnswerError("answer.ambiguous_choice", candidates=tuple(hits))
        if not hits:
            raise AnswerError("answer.bad_choice", count=len(q.options))
        return hits[0]

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
