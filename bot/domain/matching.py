"""Which of a few named things a typed reply names: a choice's options, the
rounds of the /baocao list.

Names and the reply are compared folded (case, accents, spaces and the
punctuation of ids like ``ca-nam`` ignored). An exact name wins; otherwise
every thing one of whose names starts with the reply, or holds all of its
words ("tự chấm điểm" in "Tự đánh giá, chấm điểm …"), is a candidate: one
candidate is the answer, several are for the caller to ask about (never to
guess between).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.core.text import fold

MIN_PART = 3  # a shorter part ("đ", "ca") names too much to be read as a name
_PUNCT = re.compile(r"[-_,;:.!?()/\"“”]+")


def _plain(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def name_hits(typed: str, names: Mapping[str, Iterable[str]]) -> list[str]:
    """The keys of ``names`` whose names ``typed`` names, in their order."""
    s = _plain(typed)
    if not s:
        return []
    folded = {key: [_plain(n) for n in ns if n] for key, ns in names.items()}
    exact = [key for key, ns in folded.items() if s in ns]
    if exact:
        return exact
    if len(s) < MIN_PART:
        return []
    words = set(s.split())
    return [key for key, ns in folded.items() if any(n.startswith(s) or words <= set(n.split()) for n in ns)]
