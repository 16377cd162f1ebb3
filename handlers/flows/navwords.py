"""The navigation words a person may type alone inside a report ("quay lại",
"sửa 3", "giữ" …, both languages, accents optional) and the engine input each
one means."""

from __future__ import annotations

from typing import Any

from bot.core.text import fold, small_number
from bot.domain.checklist import engine as E
from locales import catalogue

NAV_KEYS = ("back", "skip", "keep", "review", "pause", "submit", "cancel", "continue")


# (the catalogues they were folded from, kept so a reloaded one is told apart; the tables)
_TABLES: list[tuple[dict[str, str], dict[str, str], dict[str, str], set[str]]] = []


def _tables() -> tuple[dict[str, str], set[str]]:
    """Typed words (both languages, accents optional) → navigation verb, and
    the words of an edit; folded once per loaded pair of catalogues."""
    vi, en = catalogue("vi"), catalogue("en")
    if not _TABLES or _TABLES[0][0] is not vi or _TABLES[0][1] is not en:
        words: dict[str, str] = {}
        for cat in (vi, en):
            for verb in NAV_KEYS:
                for w in cat[f"nav.words.{verb}"].split("|"):
                    words[fold(w)] = verb
        edits = {fold(w) for cat in (vi, en) for w in cat["nav.words.edit"].split("|")}
        _TABLES[:] = [(vi, en, words, edits)]
    return _TABLES[0][2], _TABLES[0][3]


def _nav_words() -> dict[str, str]:
    return _tables()[0]


def _edit_words() -> set[str]:
    return _tables()[1]


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
