"""``dvbot chat`` (the console channel) and ``dvbot demo``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.channels.console import ConsoleSender, chat
from bot.core.clock import SystemClock
from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell import demo
from bot.shell.cli.common import settings_of
from bot.shell.logs import console_logging
from bot.shell.scheduler import start_scheduler, stop_scheduler
from handlers.router import Router
from locales import t

DEMO_DB = demo.DEMO_DB


def _quiet_terminal(lang: str) -> None:
    log_file = console_logging(sys.stdin.isatty())
    if log_file is not None:
        typer.echo(t("cli.log_file", lang, path=log_file))


async def run_chat(settings: Settings, user: str, name: str | None, *, reminders: bool = False) -> None:
    """Chat as ``user``; with ``reminders`` the reminder scheduler runs too,
    its console messages printed into this chat (the demo: one process)."""
    rt = await Runtime.open(settings)
    router = Router(rt)
    scheduler = None
    try:
        if reminders:
            router.senders[Channel.CONSOLE] = ConsoleSender(sys.stdout)
            scheduler = start_scheduler(rt, router.senders)
        await chat(router.handle, user, name, sys.stdin, sys.stdout, lang=settings.locale)
    finally:
        if scheduler is not None:
            await stop_scheduler(scheduler)  # the tick in flight finishes before the runtime closes
        await rt.close()


def start_demo(settings: Settings, db: Path, user: str) -> None:
    _quiet_terminal(settings.locale)
    today = SystemClock().now().astimezone(settings.tz).date()
    settings = demo.demo_settings(settings, db, today)
    codes = asyncio.run(demo.build_demo(settings))
    lang = settings.locale
    typer.echo(t("cli.demo_database", lang, db=db))
    typer.echo(t("cli.demo_admin", lang))
    typer.echo(f"  {demo.admin_command(db)}")
    typer.echo(t("cli.demo_db_hint", lang, db=db.resolve(), url=demo.database_url(db)))
    typer.echo(t("cli.demo_rounds", lang))
    typer.echo(t("cli.demo_codes", lang))
    for code, name, invite in codes:
        typer.echo(f"  {invite}  {name} ({code})")
    typer.echo(t("cli.demo_hint", lang, code=codes[0][2]))
    typer.echo("")
    asyncio.run(run_chat(settings, user, "Demo", reminders=True))


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat_cmd(
        ctx: typer.Context,
        user: Annotated[str, typer.Option()],
        name: Annotated[str | None, typer.Option()] = None,
    ) -> None:
        """Talk to the bot in the terminal as USER (one message per line when piped)."""
        _quiet_terminal(settings_of(ctx).locale)
        asyncio.run(run_chat(settings_of(ctx), user, name))

    @app.command("demo")
    def demo_cmd(
        ctx: typer.Context,
        db: Annotated[Path, typer.Option()] = DEMO_DB,
        user: Annotated[str, typer.Option()] = "demo",
    ) -> None:
        """Fresh demo database (plan, units, invite codes), then chat."""
        start_demo(settings_of(ctx), db, user)
