"""``dvbot remind tick`` (one planner + dispatcher run, for cron) and
``dvbot remind preview --at "YYYY-MM-DD HH:MM" [--days N]`` (what would go
out, and to whom, without sending)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from bot.core.errors import InvalidInput
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime

remind_app = typer.Typer(no_args_is_help=True)


def _senders(rt: Runtime) -> tuple[dict[Any, Any], list[Any]]:
    """The console, plus every channel whose token is configured (not started:
    sending needs no polling)."""
    from bot.channels.console import ConsoleSender
    from bot.core.messages import Channel

    senders: dict[Any, Any] = {Channel.CONSOLE: ConsoleSender()}
    adapters: list[Any] = []
    if rt.settings.has_channel_token:
        from bot.shell.serve import build_adapters
        from handlers.router import Router

        adapters = build_adapters(rt.settings, Router(rt), rt)
        senders.update({a.channel: a for a in adapters})
    return senders, adapters


@remind_app.command("tick")
def tick_cmd(ctx: typer.Context) -> None:
    """Plan the next days' reminders and send the due ones, once."""

    async def _go(rt: Runtime) -> None:
        from bot.shell.scheduler import ReminderTick

        senders, adapters = _senders(rt)
        try:
            planned, stats = await ReminderTick(rt, senders).run()
        finally:
            # the one shutdown rule, imported late (start-up time)
            from bot.shell.serve import settled

            for adapter in adapters:
                await settled(adapter.stop(), f"the {type(adapter).__name__}")
        typer.echo(f"planned {planned}, sent {stats.sent}, retried {stats.retried}, "
                   f"failed {stats.failed}, cancelled {stats.cancelled}")

    run_with_runtime(ctx, _go)


@remind_app.command("preview")
def preview_cmd(
    ctx: typer.Context,
    at: Annotated[str, typer.Option("--at")],
    days: Annotated[int, typer.Option("--days", min=1, max=366)] = 1,
) -> None:
    """Print what would go out from --at for --days days, and to whom; sends nothing."""

    async def _go(rt: Runtime) -> None:
        from bot.services.reminders.preview import preview
        from handlers.views.reminders import TEXTS

        try:
            start = dt.datetime.strptime(at.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=rt.settings.tz)
        except ValueError as exc:
            raise InvalidInput("error.generic", detail=f'--at must look like "2025-05-13 08:00", not {at!r}') from exc
        for line in await preview(rt, start, days, texts=TEXTS):
            typer.echo(line)

    run_with_runtime(ctx, _go)


def register(app: typer.Typer) -> None:
    app.add_typer(remind_app, name="remind")
