"""What goes into the checklist engine (inputs) and what comes out (effects).

Plain frozen dataclasses: a handler maps what a person typed or pressed to an
input, and renders or persists each effect. Nothing here knows a channel,
the database or the locale catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# ---- inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """Begin, or resume exactly where the officer left off."""


@dataclass(frozen=True)
class Continue:
    """``/tieptuc``: go on at the first missing required answer, then the
    optional ones not yet answered or skipped (not merely back to the cursor)."""


@dataclass(frozen=True)
class Answer:
    text: str


@dataclass(frozen=True)
class Attach:
    """A file or photo; ``data`` holds kind, file_id, url, name, size, mime, caption."""

    data: Mapping[str, Any]


@dataclass(frozen=True)
class Back:
    """Go to the question before the current one."""


@dataclass(frozen=True)
class Skip:
    """Leave the current optional question unanswered."""


@dataclass(frozen=True)
class Keep:
    """Leave the current question's stored answer as it is and move on."""


@dataclass(frozen=True)
class Review:
    """Show every question that applies, numbered, with its answer; ``page``
    (``/xemlai 2``) picks a page of a review too long for one message."""

    page: int | None = None


@dataclass(frozen=True)
class Edit:
    number: int


@dataclass(frozen=True)
class Pause:
    """Stop for now; Start resumes exactly here."""


@dataclass(frozen=True)
class Submit:
    """Submit the report (refused while required answers are missing)."""


@dataclass(frozen=True)
class Cancel:
    """Leave the walk; stored answers stay as a draft."""


Input = Start | Continue | Answer | Attach | Back | Skip | Keep | Review | Edit | Pause | Submit | Cancel


# ---- effects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    question_id: str
    number: int  # 1-based among the questions that apply
    total: int
    current: Any = None  # the stored answer, when re-asking
    previous: Any = None  # unanswered: the earlier round's answer to the same question, which "giữ" takes


@dataclass(frozen=True)
class Rejected:
    question_id: str
    key: str  # locale key saying what is wrong
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Clarify:
    """A question put before anything is stored: which of ``choices`` (stored
    values, offered as 1, 2 …; ``None``: "type it again") is meant. ``put``
    says which question (:mod:`bot.domain.checklist.confirm`): the answer
    reads two ways (``readings``), or it is doubtful (``confirm``: keep it or
    type it again)."""

    question_id: str
    key: str  # locale key of the question put to the officer
    params: Mapping[str, Any]
    choices: tuple[Any, ...]
    put: str = "readings"


@dataclass(frozen=True)
class Store:
    question_id: str
    value: Any


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question_id: str
    value: Any
    required: bool
    skipped: bool


@dataclass(frozen=True)
class ShowReview:
    items: tuple[ReviewItem, ...]
    answered: int
    total: int
    missing: tuple[ReviewItem, ...]
    locked: bool
    page: int | None = None  # the page asked for (the view pages the list)
    focus: str | None = None  # back from editing this question: show the page it is on


@dataclass(frozen=True)
class SubmitRefused:
    missing: tuple[ReviewItem, ...]


@dataclass(frozen=True)
class ConfirmSubmit:
    """Everything required is answered: ask "Nộp báo cáo …? 1. Nộp 2. Chưa"
    before submitting; the handler adds how late it would be."""


@dataclass(frozen=True)
class Submitted:
    """The report was submitted; its answers are locked from now on."""


@dataclass(frozen=True)
class Paused:
    answered: int
    total: int


@dataclass(frozen=True)
class Cancelled:
    answered: int


@dataclass(frozen=True)
class Notice:
    """Something to tell the user that is not an error of their answer."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


Effect = (
    Ask | Rejected | Clarify | Store | ShowReview | SubmitRefused | ConfirmSubmit | Submitted | Paused | Cancelled
    | Notice
)
