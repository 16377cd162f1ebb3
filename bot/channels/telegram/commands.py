"""``setMyCommands`` per scope and language, from the commands declared as data.

Officers see officer commands in private chats, groups see group commands,
and each admin's private chat gets officer + admin commands. Vietnamese menus
show a command's Vietnamese alias (its second name), English ones the
canonical English name (the first); both always work when typed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram import error as tg

from locales import t

log = logging.getLogger(__name__)
_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
MAX_COMMANDS = 100
Where = str  # "private" | "group" | "admin"


class CommandSpec(Protocol):
    """What ``handlers.commands.Command`` offers (the adapter needs no more)."""

    @property
    def names(self) -> tuple[str, ...]: ...
    @property
    def scope(self) -> str: ...
    @property
    def description_key(self) -> str: ...


def _menu_name(names: tuple[str, ...], lang: str) -> str:
    return names[1] if lang == "vi" and len(names) > 1 else names[0]


def visible(cmd: CommandSpec, where: Where) -> bool:
    """Whether ``cmd`` belongs in the menu of a private chat, a group or an admin's chat."""
    if not getattr(cmd, "menu", True) or not cmd.description_key:
        return False
    if where == "group":
        return cmd.scope == "group" or (cmd.scope == "any" and not getattr(cmd, "private_only", True))
    allowed = ("officer", "admin", "any") if where == "admin" else ("officer", "any")
    return cmd.scope in allowed


def bot_commands(commands: Sequence[CommandSpec], where: Where, lang: str) -> list[BotCommand]:
    out: list[BotCommand] = []
    seen: set[str] = set()
    for cmd in commands:
        if not visible(cmd, where):
            continue
        name = _menu_name(cmd.names, lang)
        if not _NAME.match(name) or name in seen:
            log.warning("command /%s cannot be listed in Telegram menus", name)
            continue
        seen.add(name)
        out.append(BotCommand(name, t(cmd.description_key, lang)[:256]))
    return out[:MAX_COMMANDS]


async def publish_commands(
    bot: Bot, commands: Sequence[CommandSpec],
    admin_chats: Callable[[], Awaitable[Sequence[str]]] | None = None,
    languages: Sequence[str] = ("vi", "en"),
) -> None:
    """Publish the menus. A failure is logged, never fatal: typing still works."""
    if not commands:
        return
    plans: list[tuple[BotCommandScope, Where]] = [
        (BotCommandScopeAllPrivateChats(), "private"),
        (BotCommandScopeAllGroupChats(), "group"),
    ]
    if admin_chats is not None:
        plans += [(BotCommandScopeChat(int(c)), "admin") for c in await admin_chats()]
    for scope, where in plans:
        # None: the menu for languages without their own (Vietnamese, the default).
        for lang in (None, *languages):
            listed = bot_commands(commands, where, lang or languages[0])
            try:
                if listed:
                    await bot.set_my_commands(listed, scope=scope, language_code=lang)
                else:
                    await bot.delete_my_commands(scope=scope, language_code=lang)
            except tg.TelegramError as exc:
                log.warning("setMyCommands for %s/%s failed: %s", scope.type, lang, exc)
