"""The navigation words a person may type alone inside a report ("quay lại",
"sửa 3", "giữ" …, both languages, accents optional) and the engine input each
one means."""

from __future__ import annotations

from typing import Any

from bot.core.text import fold, small_number
from bot.domain.checklist import engine as E
from locales import catalogue

NAV_KEYS = ("back", "skip", "keep", "review", "pause", "submit", "cancel", "continue")


def _nav_words() -> dict[str, str]:
    """Typed words (both languages, accents optional) → navigation verb."""
    words: dict[str, str] = {}
    for lang in ("vi", "en"):
        for verb in NAV_KEYS:
            for w in catalogue(lang)[f"nav.words.{verb}"].split("|"):
                words[fold(w)] = verb
    return words


def _edit_words() -> set[str]:
    return {fold(w) for lang in ("vi", "en") for w in catalogue(lang)["nav.words.edit"].split("|")}


def parse_nav(text: str) -> E.Input | None:
    """``"quay lại"`` → Back(), ``"sửa 3"`` → Edit(3); ``None`` for an answer."""
    folded = fold(text).strip(" .!")
    verb = _nav_words().get(folded)
    if verb:
        return _VERB_INPUT[verb]()
    head, _, rest = folded.partition(" ")
    number = small_number(rest)
    if head in _edit_words() and number is not None:
        return E.Edit(number)
    return None


_VERB_INPUT: dict[str, type[Any]] = {
    "back": E.Back, "skip": E.Skip, "keep": E.Keep, "review": E.Review, "pause": E.Pause,
    "submit": E.Submit, "cancel": E.Cancel, "continue": E.Continue,
}
