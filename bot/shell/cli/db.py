"""``dvbot migrate``."""

from __future__ import annotations

import typer

from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime


def register(app: typer.Typer) -> None:
    @app.command("migrate")
    def migrate_cmd(ctx: typer.Context) -> None:
        """Migrate the database to the newest schema (also done on every start)."""

        async def _go(rt: Runtime) -> None:
            typer.echo("database is at the newest schema")

        run_with_runtime(ctx, _go)
