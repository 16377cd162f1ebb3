"""``dvbot migrate``."""

from __future__ import annotations

import typer

from bot.cli.common import run_with_runtime
from bot.runtime import Runtime


def register(app: typer.Typer) -> None:
    @app.command("migrate")
    def migrate_cmd(ctx: typer.Context) -> None:
        """Migrate the database to the newest schema (also done on every start)."""

        async def _go(rt: Runtime) -> None:
            typer.echo("database is at the newest schema")

        run_with_runtime(ctx, _go)
