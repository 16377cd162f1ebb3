"""Question types by name: the plan's ``type:`` field names one of these.

The built-in types register when :mod:`bot.domain.questions` is imported; a
test (or a later plug-in) may :func:`register` its own and
:func:`unregister` it afterwards.
"""

from __future__ import annotations

from bot.domain.questions.base import QuestionKind

_KINDS: dict[str, QuestionKind] = {}


def register(kind: QuestionKind) -> QuestionKind:
    if kind.name in _KINDS:
        raise ValueError(f"question type {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    del _KINDS[name]


def kind_of(name: str) -> QuestionKind:
    """The type named ``name``; ``ValueError`` (a plan error) when unknown."""
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(_KINDS)
        raise ValueError(f"unknown question type {name!r} (known: {known})") from None


def names() -> tuple[str, ...]:
    return tuple(_KINDS)
