"""The seven built-in question types, by name, in the order plan authors
read them in error messages (``unknown question type … (known: …)``).

Code that names a built-in type uses these members; a type nobody names
needs no entry here. :mod:`bot.domain.plan.question` re-exports the enum.
"""

from __future__ import annotations

from enum import StrEnum


class QuestionType(StrEnum):
    CHOICE = "choice"
    INTEGER = "integer"
    PERCENT = "percent"
    DECIMAL = "decimal"
    TEXT = "text"
    DATE = "date"
    EVIDENCE = "evidence"
