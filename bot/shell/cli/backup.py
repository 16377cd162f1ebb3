"""``dvbot backup --out FILE`` and ``dvbot restore FILE``.

SQLite: the online backup API (:mod:`storage.backup`), safe while the bot
runs. A restore refuses a database that already holds data unless
``--force``, then migrates the restored data to the newest schema.
PostgreSQL: the ``pg_dump`` / ``pg_restore`` command to run is printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime, settings_of
from locales import t
from storage import backup as store


def _postgres(settings: Settings, file: Path, *, restoring: bool) -> bool:
    """For PostgreSQL, print the command to run instead; ``False`` for SQLite."""
    if not settings.database_url.startswith("postgresql"):
        return False
    dump, load, password = store.pg_commands(settings.database_url, file)
    lang = settings.locale
    typer.echo(t("cli.backup.pg_restore" if restoring else "cli.backup.pg_dump", lang))
    typer.echo("  " + store.shell(load if restoring else dump))
    if password:
        typer.echo(t("cli.backup.pg_password", lang))
    return True


def _fail(key: str, lang: str, **params: object) -> typer.Exit:
    typer.echo(t(key, lang, **params), err=True)
    return typer.Exit(1)


def _database(settings: Settings) -> Path:
    path = settings.sqlite_path()
    if path is None:
        raise _fail("cli.backup.no_file", settings.locale, url=settings.database_url)
    return path


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup_cmd(ctx: typer.Context, out: Annotated[Path, typer.Option("--out")]) -> None:
        """Copy the database to FILE, consistent while the bot runs."""
        settings = settings_of(ctx)
        if _postgres(settings, out, restoring=False):
            return
        db = _database(settings)
        if store.revision(db) is None:
            raise _fail("cli.backup.not_dvbot", settings.locale, file=db)
        store.copy(db, out)
        rows = sum(n for table, n in store.row_counts(out).items() if table != store.VERSION_TABLE)
        typer.echo(t("cli.backup.done", settings.locale, file=out, rows=rows, revision=store.revision(out)))

    @app.command("restore")
    def restore_cmd(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument()],
        force: Annotated[bool, typer.Option("--force")] = False,
    ) -> None:
        """Replace the database's content with a backup FILE."""
        settings = settings_of(ctx)
        lang = settings.locale
        if _postgres(settings, file, restoring=True):
            return
        db = _database(settings)
        if not file.is_file() or store.revision(file) is None:
            raise _fail("cli.backup.not_dvbot", lang, file=file)
        if store.has_data(db) and not force:
            raise _fail("cli.backup.not_empty", lang, db=db)
        store.restore(file, db)

        async def _migrated(rt: Runtime) -> None:  # opening the runtime migrates to the newest schema
            return None

        run_with_runtime(ctx, _migrated)
        rows = sum(n for table, n in store.row_counts(db).items() if table != store.VERSION_TABLE)
        typer.echo(t("cli.backup.restored", lang, file=file, db=db, rows=rows, revision=store.revision(db)))
