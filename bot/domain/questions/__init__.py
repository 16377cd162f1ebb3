"""Question types, one module each, behind a registry keyed by the plan's
``type:`` value.

Everything that differs between types lives in its module (see
:class:`~bot.domain.questions.base.QuestionKind`): plan-file checks, parsing
a typed answer, display data, the hint's locale key, the export cell, the
summary line and which ``when`` conditions a follow-up may put on it. The
rest of the code asks ``kind_of(q.type)`` instead of switching on the type.

A type module says so with a module-level ``KIND = XxxKind()``; importing
this package imports every module in it and registers each ``KIND``, so a
new type is its module dropped here plus its hint in
``locales/{vi,en}/core.yaml`` (``render.hint.<name>``) — no list to edit.
Modules without ``KIND`` (base, builtin, numbers, registry, stats) are the
machinery. The built-ins come first, in :class:`QuestionType` order; any
other type follows by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from bot.domain.questions.base import AnswerError, Hint, QuestionKind, Shown, Stat
from bot.domain.questions.builtin import QuestionType
from bot.domain.questions.registry import kind_of, names, register, unregister


def discover(path: Iterable[str] = __path__, package: str = __name__) -> tuple[QuestionKind, ...]:
    """Every ``KIND`` defined by a module of the package at ``path``: the
    built-ins in :class:`QuestionType` order, then the others by name."""
    found: list[QuestionKind] = []
    for info in pkgutil.iter_modules(path):
        kind = getattr(importlib.import_module(f"{package}.{info.name}"), "KIND", None)
        if kind is not None:
            if not isinstance(kind, QuestionKind):
                raise TypeError(f"{package}.{info.name}.KIND is not a QuestionKind")
            found.append(kind)
    rank = {t.value: i for i, t in enumerate(QuestionType)}
    return tuple(sorted(found, key=lambda k: (rank.get(k.name, len(rank)), k.name)))


ALL: tuple[QuestionKind, ...] = discover()
for _kind in ALL:
    register(_kind)
# The built-in types (those :class:`QuestionType` names), in that order.
BUILTIN: tuple[QuestionKind, ...] = tuple(k for k in ALL if k.name in set(QuestionType))

__all__ = [
    "ALL", "BUILTIN", "AnswerError", "Hint", "QuestionKind", "QuestionType", "Shown", "Stat",
    "discover", "kind_of", "names", "register", "unregister",
]
