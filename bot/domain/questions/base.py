"""What a question type knows about itself, as one class per type.

A type parses a typed answer (or refuses it with an :class:`AnswerError`
whose ``key`` is a locale key), checks its plan-file fields, says how a
stored answer is shown (as data: :data:`Shown`), which hint the officer
sees, what a spreadsheet cell holds and what the summary counts. The
defaults here fit a free-text scalar; each type overrides what differs.
Locale text is looked up by the views, never here: this module returns keys.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from bot.core.errors import AnswerError

if TYPE_CHECKING:  # the plan model imports this package: only types go back
    from bot.domain.plan.model import Question, Target


# ---- how an answer is shown: data the view turns into text -------------------------------


@dataclass(frozen=True, slots=True)
class Plain:
    """Text shown as is; ``clip``: shortened to a review line's preview."""

    text: str
    clip: bool = True


@dataclass(frozen=True, slots=True)
class Number:
    """A number, written the reader's way (``85,5`` / ``85.5``), then ``unit``."""

    value: float
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Day:
    """An ISO date, shown dd/mm/yyyy."""

    iso: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """A locale text; its (clipped) ``params`` fill the placeholders."""

    key: str
    params: Mapping[str, str] = field(default_factory=dict)


Shown = Plain | Number | Day | Phrase


@dataclass(frozen=True, slots=True)
class Hint:
    """What the officer is told to type: the locale ``key``; ``choices``: the
    number of options (the view words "1, 2 or 3"); ``range``: bounds the view
    appends as ``render.hint.range``."""

    key: str
    choices: int | None = None
    range: tuple[float, float] | None = None
    params: tuple[tuple[str, Any], ...] = ()  # the key's placeholders (a date's example year)


@dataclass(frozen=True, slots=True)
class Doubt:
    """Why a valid answer still needs the officer's word before it is stored
    (beyond the plausible bound, short of the target): the locale ``key`` of
    the question put, and ``bound``, the figure it names."""

    key: str
    bound: float


Bucket = Literal["numeric", "choices"]


@dataclass(frozen=True, slots=True)
class Stat:
    """One question's line in a round summary, under ``bucket``."""

    bucket: Bucket
    row: dict[str, Any]


class QuestionKind(ABC):
    """The behaviour of one question type; registered under ``name``."""

    name: ClassVar[str]
    # Answered by picking one of the question's options (buttons, numbered list).
    options: ClassVar[bool] = False
    # A later question's ``when`` may name this one with a range / with option ids.
    when_range: ClassVar[bool] = False
    when_options: ClassVar[bool] = False
    unit: ClassVar[str] = ""  # written after a number of this type (answers, targets)
    default_min: ClassVar[float | None] = None  # bounds when the plan gives none
    default_max: ClassVar[float | None] = None
    # Beyond this (the plan's ``plausible_max`` first) an answer is asked
    # about, not refused; only a type whose ``plausible`` is set takes one.
    plausible: ClassVar[bool] = False
    plausible_max: ClassVar[float | None] = None
    # Takes any typed text (text, evidence): a reply meant for the question
    # before may be mistaken for an answer here, so the walk asks first.
    free_form: ClassVar[bool] = False
    # Asked of the officer; ``False``: worked out from earlier answers
    # (``calculated``), shown and stored, never typed (``compute``).
    asked: ClassVar[bool] = True
    # Its answer may be declared a list of items gathered across units (text).
    lists: ClassVar[bool] = False

    # ---- the plan file

    def check(self, q: Question) -> None:
        """Refuse (``ValueError``) fields a question of this type cannot have."""
        if self.asked and (q.formula is not None or q.unit is not None):
            raise ValueError(f"formula and unit are only allowed on calculated questions, not {q.type}")
        if q.is_list and not self.lists:
            raise ValueError(f"list is only allowed on text questions, not {q.type}")
        if q.options:
            raise ValueError(f"options are only allowed on choice questions, not {q.type}")
        if q.plausible_max is not None and not self.plausible:
            raise ValueError(f"plausible_max is only allowed on number questions, not {q.type}")
        self.check_bounds(q)

    def check_bounds(self, q: Question) -> None:
        if q.min is not None and q.max is not None and q.min > q.max:
            raise ValueError("min must not exceed max")

    def refs(self, q: Question) -> list[str]:
        """The earlier questions this one is worked out from (none: it is asked)."""
        return []

    def compute(self, q: Question, answers: Mapping[str, Any]) -> Any:
        """The value over the round's ``answers``: an asked question's is what was answered."""
        return answers.get(q.id)

    # ---- answering

    @abstractmethod
    def parse(self, q: Question, raw: str) -> Any:
        """The stored (JSON) value for a non-empty NFC reply; or AnswerError.
        Every type must say how a typed reply becomes its value."""

    def doubt(self, q: Question, value: Any) -> Doubt | None:
        """Whether a parsed ``value`` needs the officer's confirmation (a soft
        warning, never a refusal); ``None``: store it."""
        return None

    def bare(self, raw: str) -> bool:
        """Whether ``raw`` is nothing but a value of this type (a bare date, a
        bare number): typed at the next question it is likely a slip."""
        return False

    def attach(self, q: Question, data: Mapping[str, Any]) -> Any:
        """The stored value for a file or photo sent as the answer."""
        raise AnswerError("answer.file_not_expected")

    # ---- showing

    def shown(self, q: Question, value: Any, lang: str) -> Shown:
        """A stored (not None) answer as display data."""
        return Plain(str(value))

    def free_text(self, q: Question, value: Any) -> bool:
        """The stored answer is prose a person wrote, which an admin has to
        read (a summary cannot count it): listed by /tongket until read."""
        return False

    def hint(self, q: Question) -> Hint:
        return Hint(f"render.hint.{self.name}")

    def target_label(self, q: Question, target: Target, lang: str) -> str | None:
        """The wording of an ``equals`` target, when this type has one."""
        return None

    # ---- exports and summaries

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        """A stored (not None) answer as a spreadsheet value."""
        return value if isinstance(value, str | int | float) else str(value)

    def link(self, q: Question, value: Any) -> str | None:
        """A web address the cell links to (evidence)."""
        return None

    def stat(self, q: Question, given: Sequence[Any]) -> Stat | None:
        """The summary line for the answers ``given`` (none: not summarised)."""
        return None
