"""The composition root: ``dvbot`` (also ``python -m bot``).

``main()`` reads the settings (environment and ``.env``), then hands a
:class:`~bot.shell.cli.common.Context` to the command chosen. Commands live in small
modules of this package, one area each, registered below. Their help texts
are in ``locales/<lang>/clihelp.yaml``, put on the commands by
:mod:`bot.shell.cli.help` in the language of ``--lang`` or ``DVBOT_LOCALE``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.shell.channels import install as install_channels
from bot.shell.cli import common
from bot.shell.logs import configure_logging

app = typer.Typer(
    name="dvbot",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _overrides(db: Path | None, lang: str | None) -> dict[str, object]:
    """``--db FILE`` is ``DVBOT_DATABASE_URL=sqlite+aiosqlite:///FILE``;
    ``--lang`` is ``DVBOT_LOCALE``."""
    out: dict[str, object] = {}
    if db is not None:
        out["database_url"] = f"sqlite+aiosqlite:///{db}"
    if lang is not None:
        out["locale"] = lang
    return out


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db")] = None,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
) -> None:
    try:
        settings = load_settings(**_overrides(db, lang))
    except ConfigError as exc:
        typer.echo(f"dvbot: {exc}", err=True)
        raise typer.Exit(2) from exc
    configure_logging(settings)  # no token, secret or personal data in any line (bot/shell/logs.py)
    install_channels(settings)  # what each channel can do, for handlers and reminders
    ctx.obj = common.Context(settings=settings)


def _register() -> None:
    # Every command area, explicitly: a missing module is an error, not a
    # silently smaller CLI.
    from bot.shell.cli import (
        admin,
        backup,
        chat,
        db,
        evidence,
        plans,
        remind,
        report,
        run,
        summary,
        telegram,
        units,
        zalo,
        zalo_oa,
    )

    for module in (db, backup, plans, units, chat, summary, report, run, zalo, zalo_oa, telegram, admin, remind, evidence):
        module.register(app)


_register()


def main() -> None:
    """``dvbot``: the typer app, its help in the setting's language."""
    from bot.shell.cli import help as cli_help

    argv = sys.argv[1:]
    cli_help.command(app, cli_help.language(argv)).main(args=argv, prog_name="dvbot")
