"""``dvbot run``: every configured channel, or the console demo when none is."""

from __future__ import annotations

import typer

from bot.shell.cli.chat import DEMO_DB, start_demo
from bot.shell.cli.common import settings_of
from locales import t


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_cmd(
        ctx: typer.Context,
        force: bool = typer.Option(False, "--force", help="Zalo: delete a webhook that is set and poll anyway."),
    ) -> None:
        """Run the bot: Zalo/Telegram when their tokens are set, else the console demo."""
        settings = settings_of(ctx)
        if not settings.has_channel_token:
            typer.echo(t("cli.no_token", settings.locale))
            start_demo(settings, DEMO_DB, "demo")
            return
        from bot.shell.cli.common import run_cli
        from bot.shell.serve import serve_async

        if settings.zalo_oa_on:
            from bot.core.errors import ConfigError
            from bot.shell.zalo_oa import check

            try:
                check(settings)  # refused before anything starts
            except ConfigError as exc:
                typer.echo(f"dvbot: {exc}", err=True)
                raise typer.Exit(2) from exc
        run_cli(lambda: serve_async(settings, force_polling=force))
