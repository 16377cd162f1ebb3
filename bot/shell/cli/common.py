"""What every command shares: the settings and a way to open the runtime."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import typer

from bot.core.errors import ConfigError, DvbotError
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.heap import startup_frozen

T = TypeVar("T")


@dataclass
class Context:
    settings: Settings


def settings_of(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    assert isinstance(obj, Context)
    return obj.settings


def run_cli(main: Callable[[], Awaitable[T]]) -> T:
    """Run a command's coroutine; an error of ours becomes one line on stderr
    and exit code 2 (a setting) or 1 (anything else)."""
    try:
        return asyncio.run(main())  # type: ignore[arg-type]  # an Awaitable made by an async def
    except ConfigError as exc:
        typer.echo(f"dvbot: {exc}", err=True)
        raise typer.Exit(2) from exc
    except DvbotError as exc:
        typer.echo(f"dvbot: {exc}", err=True)
        raise typer.Exit(1) from exc


def run_with_runtime(ctx: typer.Context, fn: Callable[[Runtime], Awaitable[T]]) -> T:
    """Open the runtime (migrating the database), run ``fn``, close."""
    settings = settings_of(ctx)

    async def _go() -> T:
        rt = await Runtime.open(settings)
        try:
            with startup_frozen():  # what the command reads is all the collector need walk
                return await fn(rt)
        finally:
            await rt.close()

    return run_cli(_go)
