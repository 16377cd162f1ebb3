"""What a return's comment concerns: "câu 3, 5: lý do…" names questions.

An admin returning a submission may start the comment with the question
numbers it is about, as the review lists them ("câu 3, 5: …", "Câu 3 và 5 -
…", "q 2: …", "questions 2, 4 …"). The numbers are read here; the comment
is kept whole, numbers included, since that is what the officer reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["named_questions", "question_ids"]

_HEAD = re.compile(
    r"^\s*(?:câu|cau|c\.|questions?|q\.?)\s*"
    r"(?P<numbers>\d{1,3}(?:\s*(?:,|;|&|\bvà\b|\bva\b|\band\b|\s)\s*\d{1,3})*)"
    r"(?=\s*(?:[:\-–—.)]|\s|$))",
    re.IGNORECASE,
)


def named_questions(comment: str) -> list[int]:
    """The question numbers a comment starts with, in order, without repeats
    (``[]`` when it names none)."""
    m = _HEAD.match(comment)
    if m is None:
        return []
    out: list[int] = []
    for n in (int(x) for x in re.findall(r"\d+", m.group("numbers"))):
        if n not in out:
            out.append(n)
    return out


def question_ids(numbers: Sequence[int], ids: Sequence[str] | Mapping[int, str]) -> list[str] | int:
    """The ids of the numbered questions (by number, or 1-based over a list of
    ids), or the first number that names no question."""
    by_number = ids if isinstance(ids, Mapping) else dict(enumerate(ids, start=1))
    for n in numbers:
        if n not in by_number:
            return n
    return [by_number[n] for n in numbers]
