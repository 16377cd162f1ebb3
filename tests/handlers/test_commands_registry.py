"""The command registry is explicit: a typo in its module list fails loudly."""

from __future__ import annotations

import pytest

from handlers.commands import MODULES, all_commands, command_index, load_modules


def test_every_listed_module_contributes() -> None:
    modules = load_modules()
    assert [m.__name__ for m in modules] == list(MODULES)
    assert all(hasattr(m, "COMMANDS") or hasattr(m, "FLOWS") for m in modules)


def test_a_misspelt_module_fails_loudly() -> None:
    with pytest.raises(ModuleNotFoundError):
        load_modules((*MODULES, "handlers.flows.repotr"))


def test_a_module_without_commands_or_flows_is_refused() -> None:
    with pytest.raises(ValueError, match="neither COMMANDS nor FLOWS"):
        load_modules(("handlers.views.render",))


def test_every_command_has_an_english_name_and_a_vietnamese_alias_indexed() -> None:
    index = command_index("private")
    for cmd in all_commands():
        if cmd.scope == "group":
            continue
        for name in cmd.names:
            assert index[name] is cmd
    assert {"report", "baocao", "summary", "tongket"} <= set(index)
