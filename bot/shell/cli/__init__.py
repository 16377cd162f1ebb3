"""The composition root: ``dvbot`` (also ``python -m bot``).

``main()`` reads the settings (environment and ``.env``), then hands a
:class:`~bot.shell.cli.common.Context` to the command chosen. Commands live in small
modules of this package, one area each, registered below. Their help texts
are in ``locales/<lang>/clihelp.yaml``, put on the commands by
:mod:`bot.shell.cli.help` in the language of ``--lang`` or ``DVBOT_LOCALE``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main

from bot.core.errors import ConfigError

_OPTIONS: dict[str, Any] = {"name": "dvbot", "no_args_is_help": True, "add_completion": False,
                            "pretty_exceptions_enable": False}
root = typer.Typer(**_OPTIONS)  # the options and set-up shared by every command; commands: COMMANDS


def _overrides(db: Path | None, lang: str | None) -> dict[str, object]:
    """``--db FILE`` is ``DVBOT_DATABASE_URL=sqlite+aiosqlite:///FILE``;
    ``--lang`` is ``DVBOT_LOCALE``."""
    out: dict[str, object] = {}
    if db is not None:
        out["database_url"] = f"sqlite+aiosqlite:///{db}"
    if lang is not None:
        out["locale"] = lang
    return out


@root.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db")] = None,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
) -> None:
    try:
        from bot.core.settings import load_settings

        settings = load_settings(**_overrides(db, lang))
    except ConfigError as exc:
        typer.echo(f"dvbot: {exc}", err=True)
        raise typer.Exit(2) from exc
    from bot.shell.channels import install as install_channels
    from bot.shell.cli import common
    from bot.shell.logs import configure_logging

    configure_logging(settings)  # no token, secret or personal data in any line (bot/shell/logs.py)
    install_channels(settings)  # what each channel can do, for handlers and reminders
    ctx.obj = common.Context(settings=settings)


# The module that registers each top-level command, in the order of the help
# page. ``dvbot`` imports only the one it runs (``dvbot --help`` none: the
# page's texts are in clihelp.yaml), so a quick command starts without the
# database, channel and document libraries. ``units`` takes commands from two.
COMMANDS: dict[str, tuple[str, ...]] = {
    "migrate": ("db",), "backup": ("backup",), "restore": ("backup",), "invite": ("units",),
    "chat": ("chat",), "demo": ("chat",), "summary": ("summary",), "run": ("run",), "export": ("admin",),
    "web": ("web",),
    "plan": ("plans",), "units": ("units", "admin"), "report": ("report",), "zalo": ("zalo",),
    "zalo-oa": ("zalo_oa",), "telegram": ("telegram",), "admin": ("admin",), "remind": ("remind",),
    "evidence": ("evidence",),
}
# Every command module, in the order of registration (the page's order).
MODULES = ("db", "backup", "plans", "units", "chat", "summary", "report", "run", "zalo", "zalo_oa", "telegram",
           "admin", "remind", "evidence", "web")


def _register(target: typer.Typer, modules: Iterable[str]) -> typer.Typer:
    for name in modules:
        importlib.import_module(f"bot.shell.cli.{name}").register(target)
    return target


def load(name: str) -> Any:
    """The click command of the top-level command ``name`` (its modules imported now)."""
    sub = _register(typer.Typer(), COMMANDS[name])
    return typer.main.get_group(sub).commands[name]


def __getattr__(attr: str) -> typer.Typer:
    """``app``: the whole command line with every module imported (tests
    drive it with typer's runner); ``dvbot`` itself loads lazily."""
    if attr != "app":
        raise AttributeError(attr)
    full = _register(typer.Typer(**_OPTIONS), MODULES)
    full.callback()(_root)
    globals()["app"] = full
    return full


def main() -> None:
    """``dvbot``: the typer app, its help in the setting's language."""
    from bot.shell.cli import help as cli_help

    argv = sys.argv[1:]
    cli_help.lazy_command(root, cli_help.language(argv), list(COMMANDS), load).main(args=argv, prog_name="dvbot")
