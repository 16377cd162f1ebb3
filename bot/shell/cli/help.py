"""The command line's help in one language: Vietnamese by default, English
with ``DVBOT_LOCALE=en`` or ``dvbot --lang en`` — the bot's own locale setting.

Every help text lives in ``locales/<lang>/clihelp.yaml``, keyed by the
command's path (``plan_load``) and its parameters' names. :func:`localize`
puts them on the click command tree typer builds and replaces each command's
help page with one rendered here, so that the page's own words ("Usage",
"Options", "required", the ``--help`` line, the value placeholders) are in
the same language too.
"""

from __future__ import annotations

import os
import types
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import typer.core
import typer.main

from locales import DEFAULT, LANGUAGES, has, t

ROOT = "dvbot"


def _key(path: Sequence[str]) -> str:
    return "_".join(path) or ROOT


def _t(key: str, lang: str, **params: Any) -> str:
    return t("clihelp." + key, lang, **params)


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the tree with its path (``()`` for the root)."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, (*path, name))


def keys(command: Any) -> set[str]:
    """The ``clihelp.`` keys (without the prefix) the tree needs."""
    out = {f"frame.{k}" for k in ("usage", "options", "commands", "arguments", "help_option", "required", "default",
                                   "options_metavar", "command_metavar")}
    for path, cmd in walk(command):
        out.add(f"{_key(path)}.help")
        out.update(f"{_key(path)}.opt.{p.name}" for p in cmd.params)
        out.update(f"frame.arg.{p.name}" for p in cmd.params if p.param_type_name == "argument")
    return out


def localize(command: Any, lang: str, path: tuple[str, ...] = ()) -> Any:
    """``command`` (a typer-built click tree, at ``path`` in the whole) with every help text in ``lang``."""
    for where, cmd in walk(command, path):
        key = _key(where)
        cmd.help = _t(f"{key}.help", lang)
        cmd.short_help = None
        for param in cmd.params:
            param.help = _t(f"{key}.opt.{param.name}", lang)
            if param.param_type_name == "argument":
                param.metavar = _t(f"frame.arg.{param.name}", lang)
        cmd.options_metavar = _t("frame.options_metavar", lang)
        if hasattr(cmd, "commands"):
            cmd.subcommand_metavar = _t("frame.command_metavar", lang)
        cmd.format_help = types.MethodType(_formatter(lang), cmd)
        cmd.format_usage = types.MethodType(_usage_formatter(lang), cmd)  # also above a usage error
        cmd.rich_markup_mode = None  # rich would print its own page (and none for a bare group)
    return command


def _formatter(lang: str) -> Any:
    def format_help(self: Any, ctx: Any, formatter: Any) -> None:
        write_help(self, ctx, formatter, lang)

    return format_help


def _usage_formatter(lang: str) -> Any:
    def format_usage(self: Any, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter, lang)

    return format_usage


def write_usage(cmd: Any, ctx: Any, formatter: Any, lang: str) -> None:
    formatter.write_usage(ctx.command_path, " ".join(cmd.collect_usage_pieces(ctx)),
                          prefix=_t("frame.usage", lang) + " ")


def _metavar(param: Any, ctx: Any, lang: str) -> str:
    """An argument's placeholder, or the kind of value an option takes."""
    if param.param_type_name == "argument":
        return str(param.display_name_raw)
    if param.is_flag:
        return ""
    label = str(param.display_type_rich(ctx) or "").strip("<>")
    key = f"frame.type.{label}"
    return _t(key, lang) if has("clihelp." + key) else label.upper()


def _option_row(param: Any, ctx: Any, lang: str, help_option: Any) -> tuple[str, str]:
    names = " / ".join(", ".join(opts) for opts in (param.opts, param.secondary_opts) if opts)
    metavar = _metavar(param, ctx, lang)
    if param is help_option:
        return names, _t("frame.help_option", lang)
    extra = []
    if param.required:
        extra.append(_t("frame.required", lang))
    elif param.show_default and param.default not in (None, False, "", ()) and not param.is_flag:
        extra.append(_t("frame.default", lang, value=param.default))
    text = " ".join([param.help or "", *(f"[{e}]" for e in extra)]).strip()
    return f"{names} {metavar}".strip(), text


def write_help(cmd: Any, ctx: Any, formatter: Any, lang: str) -> None:
    """One command's help page, every word of it in ``lang``."""
    write_usage(cmd, ctx, formatter, lang)
    if cmd.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(cmd.help)
    help_option = cmd.get_help_option(ctx)
    params = cmd.get_params(ctx)
    arguments = [(_metavar(p, ctx, lang), p.help or "") for p in params if p.param_type_name == "argument"]
    options = [_option_row(p, ctx, lang, help_option) for p in params if p.param_type_name == "option"]
    for title, rows in (("arguments", arguments), ("options", options)):
        if rows:
            with formatter.section(_t(f"frame.{title}", lang)):
                formatter.write_dl(rows)
    if hasattr(cmd, "commands"):
        names = cmd.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        short: Callable[[str, int], str] | None = getattr(cmd, "short_help_of", None)  # a lazy group: no loading
        if short is None:
            subs = [(name, cmd.get_command(ctx, name)) for name in names]
            rows = [(name, sub.get_short_help_str(limit=limit)) for name, sub in subs if not sub.hidden]
        else:
            rows = [(name, short(name, limit)) for name in names]
        if rows:
            with formatter.section(_t("frame.commands", lang)):
                formatter.write_dl(rows)


def language(argv: Sequence[str]) -> str:
    """The help's language: ``--lang`` before the command, else the
    ``DVBOT_LOCALE`` setting (environment or ``.env``), else Vietnamese."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGUAGES:
            return args[i + 1]
        if arg.startswith("--lang=") and arg[len("--lang="):] in LANGUAGES:
            return arg[len("--lang="):]
        if not arg.startswith("-") and (i == 0 or args[i - 1] not in ("--db", "--lang")):
            break  # the command: a later --lang is its own (summary, export)
    return locale_setting()


def locale_setting() -> str:
    """``DVBOT_LOCALE`` read the way the settings read it — the environment
    (any case), else ``.env`` (with python-dotenv, as pydantic-settings does) —
    without loading pydantic, which is most of a help page's start-up. A
    value that is not a language is the command's to report; help is Vietnamese."""
    value = next((v for k, v in os.environ.items() if k.upper() == "DVBOT_LOCALE"), None)
    if value is None and Path(".env").is_file():
        from dotenv import dotenv_values

        value = next((v for k, v in dotenv_values(".env", encoding="utf-8").items()
                      if k.upper() == "DVBOT_LOCALE"), None)
    return value if value in LANGUAGES else DEFAULT


def command(app: typer.Typer, lang: str) -> Any:
    """The click command for ``app`` with its help in ``lang``."""
    return localize(typer.main.get_command(app), lang)


def lazy_command(root: typer.Typer, lang: str, names: Sequence[str], load: Callable[[str], Any]) -> Any:
    """The click group of ``root`` (options and callback, no commands) whose
    commands ``names`` are built by ``load(name)`` only when one is run or
    asked for its page; the group's own page lists them from clihelp.yaml."""
    group = localize(typer.main.get_group(root), lang)

    def get_command(_self: Any, _ctx: Any, name: str) -> Any:
        if name not in group.commands and name in names:
            group.add_command(localize(load(name), lang, (name,)), name)
        return group.commands.get(name)

    def short_help_of(name: str, limit: int) -> str:
        # the short help a loaded command would give (its help is this text, put by localize)
        return typer.core.TyperCommand(name, help=_t(f"{_key((name,))}.help", lang)).get_short_help_str(limit)

    group.get_command = types.MethodType(get_command, group)
    group.list_commands = types.MethodType(lambda _self, _ctx: list(names), group)
    group.short_help_of = short_help_of
    return group
