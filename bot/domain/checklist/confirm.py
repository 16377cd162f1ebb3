"""Questions the walk puts to the officer before it stores anything.

An answer can need one more word from the officer: it reads two ways
("1,000" at an amount: *readings*); it looks meant for the question just
answered (*slip*: a bare date typed at a text question right after a date
question — store it there, or here); or it is doubtful — beyond the
question's plausible bound, or missing its target (*confirm*: keep it or
type it again). The engine keeps what it offered in ``WalkState.pending``
(the stored values, in the order offered; ``None``: "type it again") and
the kind of question put in ``WalkState.put``; the next reply's number picks
one, anything else is a fresh answer, any other input drops them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.text import small_number
from bot.domain.checklist.events import Clarify
from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.plan.model import Question
from bot.domain.questions import kind_of

READINGS, CONFIRM, SLIP = "readings", "confirm", "slip"  # the kinds of question put (stored in the session)


def slip(questions: Sequence[Question], last: str | None, q: Question, text: str, value: Any) -> Clarify | None:
    """"Có phải anh/chị định trả lời câu trước?" when ``text``, typed at a
    question that takes any text, is a bare value of the question ``last``
    answered by the previous input (a date after a date question, a number
    after a number question) and valid there. Narrow on purpose: a sentence
    with a number in it is an ordinary answer."""
    if last is None or last == q.id or not kind_of(q.type).free_form:
        return None
    prev = next((x for x in questions if x.id == last), None)
    if prev is None or not kind_of(prev.type).bare(text):
        return None
    try:
        meant = parse_answer(prev, text)
    except AnswerError:  # not valid there (or unclear): an answer to this question
        return None
    return Clarify(q.id, "answer.previous_question", {"previous": prev.id}, (meant, value), put=SLIP)


def target(questions: Sequence[Question], put: str, number: int, last: str | None) -> Question | None:
    """The question a picked choice is stored at, when not the current one
    (choice 1 of a slip: the question answered before)."""
    if put != SLIP or number != 1:
        return None
    return next((x for x in questions if x.id == last), None)


def doubt(q: Question, value: Any) -> Clarify | None:
    """"Giá trị này thấp hơn chỉ tiêu 100% — giữ nguyên?" when the question's
    type doubts ``value`` (a soft warning: the officer may keep it)."""
    found = kind_of(q.type).doubt(q, value)
    if found is None:
        return None
    return Clarify(q.id, found.key, {"value": value, "bound": found.bound}, (value, None), put=CONFIRM)


def picked(pending: tuple[Any, ...], text: str) -> int | None:
    """The 1-based choice a reply names among ``pending``, else ``None``."""
    number = small_number(text.strip().rstrip("."))
    return number if number is not None and 1 <= number <= len(pending) else None
