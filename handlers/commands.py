"""Commands as data: each handler module exports ``COMMANDS``; the router and
the Telegram ``setMyCommands`` call both read them from here."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Literal

from bot.core.messages import Outgoing
from handlers.context import Ctx

CommandFn = Callable[[Ctx, str], Awaitable[list[Outgoing]]]
FlowFn = Callable[[Ctx], Awaitable[list[Outgoing]]]
Scope = Literal["officer", "admin", "group", "any"]


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]  # canonical English name first, then Vietnamese aliases
    fn: CommandFn
    scope: Scope = "any"  # who sees it in menus; permission checks live in the handler
    description_key: str = ""
    private_only: bool = True  # in a group, answer with a pointer to the private chat
    menu: bool = True  # shown in /help and setMyCommands
    reads_files: bool = False  # a file sent with it reaches it as sent, not kept as evidence (router)


# The modules that contribute commands and flows, in order. The list is
# explicit on purpose: a misspelt or missing name fails at start-up with
# ModuleNotFoundError instead of silently dropping its commands, and a module
# that declares neither COMMANDS nor FLOWS is refused.
MODULES = (
    "handlers.flows.basic",
    "handlers.flows.registration",
    "handlers.flows.report",
    "handlers.flows.groups",
    "handlers.flows.admin",
    "handlers.flows.reminders",
    "handlers.flows.documents",
    "handlers.flows.plan_import",
)


def load_modules(names: tuple[str, ...] = MODULES) -> list[ModuleType]:
    out = []
    for name in names:
        module = importlib.import_module(name)
        if not hasattr(module, "COMMANDS") and not hasattr(module, "FLOWS"):
            raise ValueError(f"{name} declares neither COMMANDS nor FLOWS")
        out.append(module)
    return out


def all_commands() -> list[Command]:
    return [c for m in load_modules() for c in getattr(m, "COMMANDS", [])]


def all_flows() -> dict[str, FlowFn]:
    flows: dict[str, FlowFn] = {}
    for m in load_modules():
        flows.update(getattr(m, "FLOWS", {}))
    return flows


def command_index(chat: Literal["private", "group"] = "private") -> dict[str, Command]:
    """Name → command for private chats, or for group chats (where group-scope
    commands and those that are not ``private_only`` work)."""
    index: dict[str, Command] = {}
    for cmd in all_commands():
        if chat == "private" and cmd.scope == "group":
            continue
        if chat == "group" and cmd.scope != "group" and cmd.private_only:
            continue
        for name in cmd.names:
            if name in index:
                raise ValueError(f"command /{name} declared twice")
            index[name] = cmd
    return index
