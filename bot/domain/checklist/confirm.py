"""Questions the walk puts to the officer before it stores anything.

An answer can need one more word from the officer: it reads two ways
("1,000" at an amount: *readings*), or it is doubtful — beyond the
question's plausible bound, or missing its target (*confirm*: keep it or
type it again). The engine keeps what it offered in ``WalkState.pending``
(the stored values, in the order offered; ``None``: "type it again") and
the kind of question put in ``WalkState.put``; the next reply's number picks
one, anything else is a fresh answer, any other input drops them.
"""

from __future__ import annotations

from typing import Any

from bot.core.text import small_number
from bot.domain.checklist.events import Clarify
from bot.domain.plan.model import Question
from bot.domain.questions import kind_of

READINGS, CONFIRM = "readings", "confirm"  # the kinds of question put (stored in the session)


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
