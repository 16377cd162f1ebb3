"""Question types, one module each, behind a registry keyed by the plan's
``type:`` value.

Everything that differs between types lives in its module (see
:class:`~bot.domain.questions.base.QuestionKind`): plan-file checks, parsing
a typed answer, display data, the hint's locale key, the export cell, the
summary line and which ``when`` conditions a follow-up may put on it. The
rest of the code asks ``kind_of(q.type)`` instead of switching on the type.
A new type is a module here, one line in ``BUILTIN`` below, and its hint in
``locales/{vi,en}/core.yaml`` (``render.hint.<name>``).
"""

from __future__ import annotations

from bot.domain.questions.base import AnswerError, Hint, QuestionKind, Shown, Stat
from bot.domain.questions.choice import ChoiceKind
from bot.domain.questions.date import DateKind
from bot.domain.questions.decimal import DecimalKind
from bot.domain.questions.evidence import EvidenceKind
from bot.domain.questions.integer import IntegerKind
from bot.domain.questions.percent import PercentKind
from bot.domain.questions.registry import kind_of, names, register, unregister
from bot.domain.questions.text import TextKind

# The order is the order plan authors read in error messages.
BUILTIN: tuple[QuestionKind, ...] = (
    ChoiceKind(), IntegerKind(), PercentKind(), DecimalKind(), TextKind(), DateKind(), EvidenceKind(),
)
for _kind in BUILTIN:
    register(_kind)

__all__ = [
    "BUILTIN", "AnswerError", "Hint", "QuestionKind", "Shown", "Stat",
    "kind_of", "names", "register", "unregister",
]
