"""The error tree: one file, drawn in its docstring, every class documented;
stale state is retried by the router, a duplicate is not."""

from __future__ import annotations

import inspect

import bot.core.errors as errors
from bot.services.runtime import is_retryable


def _classes() -> list[type[errors.DvbotError]]:
    return [c for _, c in inspect.getmembers(errors, inspect.isclass)
            if issubclass(c, errors.DvbotError) and c.__module__ == errors.__name__]


def test_every_class_is_drawn_in_the_tree_and_says_when_it_is_raised() -> None:
    drawn = errors.__doc__ or ""
    for cls in _classes():
        assert f" {cls.__name__} " in drawn, cls.__name__
        assert vars(cls).get("__doc__"), f"{cls.__name__} does not say when it is raised"


def test_stale_state_is_retried_and_already_exists_is_not() -> None:
    assert is_retryable(errors.StaleState("session changed"))
    assert not is_retryable(errors.AlreadyExists("unit X already exists"))
    assert issubclass(errors.StaleState, errors.Conflict) and issubclass(errors.AlreadyExists, errors.Conflict)
    assert errors.StaleState.key == "error.conflict"  # the text people already see


def test_errors_moved_here_keep_their_old_import_paths() -> None:
    from bot.domain.checklist.validate import AnswerError
    from bot.services.scope import NotAdmin, OutOfScope, UnknownUnit
    from bot.shell.cli.units_csv import CsvError
    from handlers.flows.admin_summary import UnknownRound
    from storage.unit_tree import TreeError

    moved = (AnswerError, CsvError, NotAdmin, OutOfScope, UnknownUnit, UnknownRound, TreeError)
    assert all(cls.__module__ == errors.__name__ for cls in moved)
